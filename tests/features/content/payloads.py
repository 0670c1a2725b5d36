"""XSS payloads an article's author might write (in the body, the title, tags, alt text)."""

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    '"><img src=x onerror=alert("xss-2")>',
    "<img src=x onerror=alert('xss-3')>",
    "<svg onload=alert('xss-4')></svg>",
    '<a href="javascript:alert(\'xss-5\')">リンク</a>',
    "[クリック](javascript:alert('xss-6'))",
    "[データ](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTcnKTwvc2NyaXB0Pg==)",
    "![画像](javascript:alert('xss-8'))",
    '<div hx-get="/admin/content" hx-trigger="load">htmx</div>',
    "<iframe src=\"javascript:alert('xss-9')\"></iframe>",
    "<body onload=alert('xss-10')>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert('xss-11')>",
    '<a href="JaVaScRiPt:alert(\'xss-12\')">大文字</a>',
    "[空白](  javascript:alert('xss-13'))",
    "{{7*7}}",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-14')>",
    "<object data=\"javascript:alert('xss-15')\"></object>",
    "<input autofocus onfocus=alert('xss-16')>",
]
BODY = "\n\n".join(["## 見出し", "通常の段落。", *PAYLOADS, "[正しいリンク](https://www.jica.go.jp/)"])
