/// The `class` and `id` words that say what a region of a page is.
extension HTMLBoilerplate {
    /// Class and id words of regions about other content.
    static let foreignNames: Set<String> = [
        "comment", "comments", "disqus", "related", "recommend", "recommended", "recommendations", "sidebar",
        "side-bar", "footer", "foot", "most-read", "mostread", "most-popular", "mostpopular", "popular", "trending",
        "more-news", "morenews", "read-more", "readmore", "also-read", "alsoread", "outbrain", "taboola",
        "widget", "widgets", "slider", "carousel", "swiper",
        // A clock or today's date in the page header.
        "clock", "uhr", "today", "heute", "current-date", "currentdate", "date-today", "datetoday",
    ]

    /// Class and id words of furniture; pairs are matched joined by "-" and without a separator.
    static let furnitureNames: Set<String> = [
        "share", "sharing", "social", "nav", "navbar",
        "navigation", "menu", "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent", "gdpr", "banner", "ad",
        "ads", "advert", "advertisement", "promo", "sponsor", "sponsored", "newsletter", "subscribe",
        "subscription", "signup", "popup", "modal", "rollover", "tooltip", "popover", "hovercard", "video", "gallery",
        "slideshow", "player", "outbrain",
        "taboola", "most-read", "mostread",
        "most-popular", "mostpopular", "popular", "trending", "more-news", "morenews", "read-more", "readmore",
        "also-read", "alsoread", "tags", "tag-list", "taglist", "author-bio", "authorbio", "teaser", "masthead",
        "skip", "toolbar", "pagination", "pager", "rating", "login", "search",
        // A poster's card beside a forum post: rank, join date, post count, badges.
        "userinfo", "user-info", "userdetails", "user-details", "userstats", "user-stats", "userextras", "user-extras",
        "usertitle", "user-title", "userbanner", "user-banner", "postprofile", "memberinfo", "member-info",
    ]

    /// Class names of furniture only as a whole name, never as a word of a longer one: the lines a poster signs
    /// every post with are a "signature", but a documentation's "member-signature" is a method's declaration.
    static let wholeFurnitureNames: Set<String> = [
        "signature", "postsignature", "post-signature", "message-signature", "user-signature", "forum-signature",
        "signaturecontainer",
    ]

    /// The furniture words that name a cookie or consent notice: however much text its settings hold, such a notice
    /// is never the page.
    static let consentNames: Set<String> = ["cookie", "cookies", "consent", "gdpr"]

    /// The furniture words that name navigation (lists of links) or a banner (a line over a picture): an element
    /// that only these words mark and that holds paragraphs of prose is misnamed, as page builders name every
    /// section with a picture behind it a "banner".
    static let navigationNames: Set<String> = [
        "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination", "pager", "toolbar", "skip",
        "banner",
    ]

    /// Class and id words that mark the article body itself.
    static let contentNames: Set<String> = [
        "article-body", "articlebody", "article-content", "articlecontent", "article-text", "articletext",
        "post-body", "postbody", "post-content", "postcontent", "entry-content", "entrycontent", "story-body",
        "storybody", "story-content", "storycontent", "main-content", "maincontent",
    ]
}
