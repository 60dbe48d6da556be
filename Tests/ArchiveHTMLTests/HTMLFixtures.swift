/// Pages written for the tests, in the style of the sites Mura archives.
enum HTMLFixtures {
    /// The sample factsheet as a government site renders it: header menu, body, Russian dates, a "Сейчас читают"
    /// list of older dated items, social links and a footer menu.
    static let governmentFactsheet = """
        <!DOCTYPE html>
        <html lang="ru">
        <head>
        <meta charset="utf-8">
        <title>Factsheet on the Extraordinary Congress of the Amanat party - Официальный информационный ресурс</title>
        <link rel="canonical" href="https://www.gov.example.kz/memleket/entities/mfa/press/article/details/12345">
        </head>
        <body>
        <header class="site-header">
          <div class="logo"><a href="/">Официальный информационный ресурс Премьер-Министра</a></div>
          <ul class="menu"><li><a href="/news">Новости</a></li><li><a href="/docs">Документы</a></li><li><a href="/contacts">Контакты</a></li></ul>
        </header>
        <div class="page">
          <div class="breadcrumbs"><a href="/">Главная</a> / <a href="/press">Пресс-центр</a></div>
          <div class="article">
            <h1>Factsheet on the Extraordinary Congress of the Amanat party</h1>
            <div class="article-text">
              <p>The Extraordinary Congress of the Amanat party (previously Nur Otan) was held in an online format on 1 March 2022. Yerlan Koshanov, Speaker of the lower chamber of Kazakhstan’s parliament, proposed to rename the Nur Otan party to “Amanat”.</p>
              <p>President Tokayev described Amanat as a centrist party of “common sense, justice, national unity, and steady progress forward”.</p>
              <h3>Priority tasks of the Amanat party</h3>
              <ul>
                <li>Launch of a nation-wide initiative to gather ideas and proposals from citizens.</li>
                <li>Decentralisation and an increase in the efficiency of the party apparatus.</li>
              </ul>
              <p>In conclusion, the Head of State promised to do everything possible to ensure the security of the country and the well-being of the people.</p>
            </div>
            <div class="article-dates">
              <div><span class="label">Дата публикации</span> <span class="value">01 марта 2022</span></div>
              <div><span class="label">Дата обновления</span> <span class="value">01 марта 2022</span></div>
            </div>
          </div>
          <div class="news-block">
            <h3>Сейчас читают</h3>
            <div class="item"><div class="date">27 мая 2024</div><a href="/a1">Agreement between the Government of the Republic of Kazakhstan and the Government of the Socialist Republic of Viet Nam on Visa Exemption</a></div>
            <div class="item"><div class="date">26 мая 2024</div><a href="/a2">Agreement on cooperation in the field of aviation search and rescue</a></div>
            <div class="item"><div class="date">25 мая 2024</div><a href="/a3">Agreement on Cooperation in the Field of Education</a></div>
          </div>
          <div class="socials"><span>Социальные медиа</span><a href="https://t.me/x">Telegram</a><a href="https://facebook.com/x">Facebook</a></div>
        </div>
        <footer>
          <div class="footer-menu"><h4>Меню подвал</h4><a href="/t">Terms and explanations</a><a href="/sdg">Sustainable Development Goals</a></div>
          <p>© 2024 Официальный информационный ресурс</p>
        </footer>
        </body>
        </html>
        """

    static let kazakhPage = """
        <html lang="kk"><head><meta charset="utf-8"><title>Ұлттық кітапхана қолжазбаларды цифрландырады | Жаңалықтар</title></head>
        <body>
        <nav><a href="/">Басты бет</a><a href="/news">Жаңалықтар</a></nav>
        <main>
          <h1>Ұлттық кітапхана қолжазбаларды цифрландырады</h1>
          <div class="meta">Жарияланған күні: 20 наурыз 2024</div>
          <p>Ұлттық кітапхана он тоғызыншы ғасырдың қолжазбаларын цифрландыруды бастады. Алғашқы мың бет биыл оқырмандарға ашық болады.</p>
          <p>Жоба мамандары әр парақты жоғары сапада суретке түсіріп, сипаттамасын қазақ және орыс тілдерінде жазады.</p>
        </main>
        <div class="related"><h3>Тағы оқыңыз</h3><div>15 наурыз 2024</div><a href="/x">Мұражай түні маусымда оралады</a></div>
        </body></html>
        """

    /// Dates only in a related list and a copyright line.
    static let noOwnDate = """
        <html><head><meta charset="utf-8"><title>Museum opens archive rooms</title></head>
        <body>
        <article>
          <h1>Museum opens archive rooms</h1>
          <p>The city museum opens its archive rooms to visitors for a week. Guided tours start every hour and entry is free.</p>
          <p>The museum asks visitors to register in advance, because groups are small and the rooms are fragile.</p>
        </article>
        <section><h2>Read also</h2>
          <ul><li><span>12 March 2021</span> <a href="/old1">Library reopens</a></li><li><span>2020-06-01</span> <a href="/old2">Night of museums</a></li></ul>
        </section>
        <div class="copyright">Copyright © 2023 City Museum. Updated 2023-01-05 by the web team.</div>
        </body></html>
        """

    static let structuredDates = """
        <html lang="en-GB"><head>
        <meta property="og:title" content="Council approves the new reading room">
        <meta property="article:published_time" content="2023-11-08T09:30:00+00:00">
        <meta property="article:modified_time" content="2023-11-09T10:00:00+00:00">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council approves","author":[{"@type":"Person","name":"Aigerim Smagulova"}],"datePublished":"2023-11-08T09:30:00Z"}</script>
        </head><body><article><h1>Council approves the new reading room</h1>
        <p>The council approved the plan for a new reading room in the central library on Wednesday evening.</p>
        <p>Work starts in spring; the room will open in the autumn with <a href="/hours">longer opening hours</a>.</p>
        </article></body></html>
        """
}
