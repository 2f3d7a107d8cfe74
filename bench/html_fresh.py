"""A second set of HTML pages, written after brief's boilerplate rules were settled and
never used to change them: new stories in four other site layouts (a script-built
app, an old table-layout site, an AMP page, a site with cards inside the article).

Read its figure as the nearer thing to a held-out score that this project has; the
rules were not tuned on it (the first figure measured is in bench/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from bench.html_pages import _body, _e, _head, gold
from bench.html_stories import Story

STORIES: list[Story] = [
    {
        "slug": "tram-extension",
        "title": "Tram line to reach the airport by 2028",
        "deck": "The extension adds six stops and a park-and-ride at the ring road.",
        "date": "2025-02-20",
        "paragraphs": [
            "The city's tram network will be extended to the airport by 2028 after the "
            "transport authority approved a 210 million plan on Wednesday.",
            "The four-kilometre extension will add six stops, including one at the business "
            "park and a park-and-ride site beside the ring road with room for 900 cars.",
            "Trams will run every ten minutes during the day, taking 24 minutes from the "
            "central station to the terminal, about half the time the bus takes at rush hour.",
            "Construction is due to start next spring. The authority said roads near the "
            "business park would be closed in stages rather than all at once.",
        ],
    },
    {
        "slug": "care-home",
        "title": "Care home rated inadequate after inspection",
        "deck": "Inspectors found residents left without help at mealtimes.",
        "date": "2025-06-03",
        "paragraphs": [
            "A care home in Wexley has been rated inadequate and placed in special measures "
            "after inspectors found residents were left without help at mealtimes.",
            "The report said staff were too few on several shifts, that medicines were not "
            "always given at the right time, and that complaints from families had not been "
            "followed up.",
            "The home's owners said they had appointed a new manager and hired eight more "
            "care workers since the inspection in March.",
            "Families will be able to meet the new manager at an open evening next week.",
        ],
    },
    {
        "slug": "chess-prodigy",
        "title": "Eleven-year-old becomes the county's youngest chess master",
        "deck": "She beat three adult players in a row at the weekend tournament.",
        "date": "2025-10-19",
        "paragraphs": [
            "An eleven-year-old from Pelham has become the youngest player in the county to "
            "earn the title of candidate master, after winning her last three games at a "
            "weekend tournament.",
            "Amara Eze learned the game from her grandfather during the first lockdown and now "
            "plays online for about an hour after school each day.",
            '"She is calm in a way that most adults are not," said her coach, Viktor Salo. '
            '"When she is losing she just thinks harder."',
            "Amara said her next goal was to beat her grandfather without him letting her win.",
        ],
    },
    {
        "slug": "river-clean",
        "title": "Volunteers pull two tonnes of rubbish from the river",
        "deck": "Shopping trolleys, a sofa and a motorbike were among the finds.",
        "date": "2025-04-27",
        "paragraphs": [
            "More than 150 volunteers pulled about two tonnes of rubbish from the River Lune "
            "on Saturday in the biggest clean-up the town has organised.",
            "Among the finds were eleven shopping trolleys, a sofa, traffic cones and a "
            "motorbike that police later said had been stolen in 2019.",
            "Organiser Beth Carver said plastic bottles and food wrappers made up most of the "
            'weight. "The big things make the photographs, but the small things are the real '
            'problem," she said.',
        ],
    },
    {
        "slug": "market-hall",
        "title": "Market hall traders face rent rise of forty per cent",
        "deck": "Some stallholders say they will have to close by the summer.",
        "date": "2025-01-16",
        "paragraphs": [
            "Traders in the Victorian market hall have been told their rents will rise by "
            "forty per cent from April, the first increase in six years.",
            "The council, which owns the hall, said the rise would pay for repairs to the roof "
            "and the heating, which broke down twice during the winter.",
            "Fishmonger Len Harper, whose family has had a stall in the hall since 1952, said "
            'he would have to think about closing. "I cannot put the price of cod up by forty '
            'per cent," he said.',
            "The council said traders could spread the increase over two years if they asked.",
        ],
    },
    {
        "slug": "night-buses",
        "title": "Night buses return for weekend revellers",
        "deck": "Three routes will run until four in the morning on Fridays and Saturdays.",
        "date": "2025-09-05",
        "paragraphs": [
            "Night buses will return to the city centre from next weekend, two years after "
            "they were withdrawn because too few people used them.",
            "Three routes will run every half hour until four in the morning on Fridays and "
            "Saturdays, paid for by a levy on late-opening bars and clubs.",
            "Police said the buses would help clear the streets more quickly at closing time, "
            "when most of the weekend's trouble happens.",
        ],
    },
    {
        "slug": "orchard",
        "title": "Community orchard planted on former tip",
        "deck": "Two hundred apple and pear trees went in over the weekend.",
        "date": "2025-11-30",
        "paragraphs": [
            "Two hundred apple, pear and plum trees have been planted on the site of a former "
            "council tip in Ashby, which was capped and covered with soil ten years ago.",
            "Many of the trees are old local varieties grafted from an orchard at a nearby "
            "farm, some of which have not been sold by nurseries for decades.",
            "The first fruit is expected in about four years. Anyone will be free to pick it.",
        ],
    },
    {
        "slug": "lifeboat",
        "title": "Lifeboat crew rescue four from a drifting yacht",
        "deck": "The yacht lost power in a force seven wind off the point.",
        "date": "2025-08-11",
        "paragraphs": [
            "Four people were rescued from a yacht that lost power and drifted towards rocks "
            "off Kettle Point in strong winds on Sunday evening.",
            "The lifeboat reached the yacht within twenty minutes of the call and towed it "
            "back to the harbour, where the crew were checked by paramedics.",
            "Coxswain Dai Rees said the sailors had done the right thing by calling early. "
            '"Another half an hour and they would have been on the rocks," he said.',
            "The lifeboat station is asking for volunteers to join its shore crew.",
        ],
    },
]


def _others(i: int) -> list[str]:
    return [str(STORIES[(i + k) % len(STORIES)]["title"]) for k in (1, 2, 3)]


def script_app(i: int, story: Story) -> str:
    """A page built by a JavaScript framework: generated class names, JSON state."""
    outlet = "Metro Today"
    a, b, c = _others(i)
    state = json.dumps({"props": {"page": {"slug": story["slug"], "section": "news"}}})
    para = '<p class="css-1q2w3e4 e1xyz0">{}</p>'
    return (
        _head(story, outlet, str(story["deck"])) + '<body><div id="__next"><div class="css-a1b2c3">'
        '<div class="css-nav9"><a href="/">Metro Today</a><a href="/news">News</a>'
        '<a href="/things-to-do">Things to do</a><a href="/account">Account</a></div>\n'
        f'<main class="css-m4in"><h1 class="css-h1x">{_e(story["title"])}</h1>\n'
        f'<p class="css-d3ck">{_e(story["deck"])}</p>\n'
        '<div class="css-auth"><span>By Jamie Cole</span><span>5 min read</span></div>\n'
        '<div class="css-b0dy">\n'
        + _body(
            story,
            p=para,
            insert={
                2: '<div class="css-nl77"><p class="css-nlt">Metro Today in your inbox</p>'
                '<p class="css-nld">The best of the city, every weekday at 7am.</p>'
                '<input type="email" aria-label="Email address" placeholder="you@example.com">'
                '<button class="css-btn">Sign up</button></div>'
            },
        )
        + "\n</div>\n"
        '<div class="css-rec"><h2 class="css-rech">Recommended</h2><ul class="css-recl">'
        f'<li><a href="/r/1">{_e(a)}</a></li><li><a href="/r/2">{_e(b)}</a></li>'
        f'<li><a href="/r/3">{_e(c)}</a></li></ul></div>\n'
        "</main>\n"
        '<div class="css-foot">Metro Today is part of a media group. Terms. Privacy. Cookies.'
        "</div></div></div>\n"
        f'<script id="__NEXT_DATA__" type="application/json">{state}</script>\n'
        "</body></html>\n"
    )


def table_layout(i: int, story: Story) -> str:
    """An old site laid out with tables, paragraphs separated by <br><br>."""
    outlet = "Dales Courier Online"
    a, b, _ = _others(i)
    text = "<br><br>\n".join(_e(p) for p in gold(story).splitlines())
    return (
        _head(story, outlet, str(story["deck"]))
        + '<body bgcolor="#ffffff"><table width="100%" border="0" cellpadding="4">'
        '<tr><td colspan="2" class="banner"><font size="5">Dales Courier Online</font></td></tr>'
        '<tr><td width="160" valign="top" class="leftnav"><a href="/">Home</a><br>'
        '<a href="/news">News</a><br><a href="/sport">Sport</a><br><a href="/letters">Letters'
        "</a><br></td>\n"
        f'<td valign="top"><font face="Arial"><b><font size="4">{_e(story["title"])}</font></b>'
        f"<br><i>Posted {story['date']}</i><br><br>\n" + text + "<br><br>\n"
        f'<b>Also in the news:</b><br><a href="/n/1">{_e(a)}</a><br><a href="/n/2">{_e(b)}</a>'
        "</font></td></tr>\n"
        '<tr><td colspan="2" class="copy"><font size="1">Copyright Dales Courier. Site by a '
        "local web firm.</font></td></tr></table></body></html>\n"
    )


def amp(i: int, story: Story) -> str:
    """An AMP page: amp elements, an excerpt under the headline, a newsletter section."""
    outlet = "Shire Post"
    a, b, c = _others(i)
    return (
        _head(story, outlet, str(story["deck"]))
        + '<body><header class="amp-wp-header"><div><a href="/">Shire Post</a></div></header>\n'
        '<article class="amp-wp-article">\n'
        f'<header class="amp-wp-article-header"><h1 class="amp-wp-title">{_e(story["title"])}'
        "</h1>\n"
        f'<p class="article-excerpt">{_e(story["deck"])}</p>\n'
        '<div class="amp-wp-meta amp-wp-byline"><span class="amp-wp-author">Shire Post '
        f'reporter</span></div><div class="amp-wp-meta amp-wp-posted-on"><time datetime="'
        f'{story["date"]}">{story["date"]}</time></div></header>\n'
        '<figure class="amp-wp-article-featured-image"><amp-img src="/i.jpg" width="800" '
        'height="450"></amp-img><figcaption>Picture: Shire Post</figcaption></figure>\n'
        '<div class="amp-wp-article-content">\n'
        + _body(
            story,
            insert={
                2: '<amp-ad width="300" height="250" type="doubleclick" data-slot="/1/news">'
                "</amp-ad>"
            },
        )
        + "\n</div>\n"
        '<section id="newsletter-signup"><h3>Never miss a story</h3><p>Get the Shire Post '
        'morning briefing.</p><a href="/newsletters">Choose your newsletters</a></section>\n'
        '<footer class="amp-wp-article-footer"><div class="amp-wp-meta amp-wp-tax-category">'
        'Categories: <a href="/c/news">News</a></div></footer>\n'
        "</article>\n"
        '<div class="sidebar"><h4>Latest news</h4>'
        f'<a href="/l/1">{_e(a)}</a><br><a href="/l/2">{_e(b)}</a><br><a href="/l/3">{_e(c)}</a>'
        "</div>\n"
        '<footer class="amp-wp-footer"><p>&copy; Shire Post</p><a href="#top" '
        'class="back-to-top">Back to top</a></footer></body></html>\n'
    )


def inline_cards(i: int, story: Story) -> str:
    """A site that puts teaser cards and a pop-up sign-up inside the article."""
    outlet = "Coastline"
    a, b, c = _others(i)
    card = (
        '<div class="inline-card"><span class="label">Also on Coastline</span>'
        f'<a href="/c/1"><h4>{_e(a)}</h4></a></div>'
    )
    modal = (
        '<div class="modal" id="signup-modal" role="dialog"><h2>Before you go</h2>'
        "<p>Join 40,000 readers who get Coastline's newsletter every Sunday.</p>"
        '<form><input type="email" name="e"><button>Join</button></form></div>'
    )
    return (
        _head(story, outlet, str(story["deck"]))
        + '<body><div class="top-bar"><a href="/">Coastline</a> <a href="/donate">Support us'
        "</a></div>\n"
        '<div class="container"><div class="article-wrap">\n'
        f'<div class="section-label"><a href="/news">News</a></div><h1>{_e(story["title"])}'
        "</h1>\n"
        f'<div class="lede-summary"><p>{_e(story["deck"])}</p></div>\n'
        '<div class="byline-wrap">By <a href="/people/sk">Sara Kim</a> &middot; '
        f"{story['date']}</div>\n"
        '<div class="article-content">\n' + _body(story, insert={1: card}) + "\n</div>\n"
        '<div class="article-tags">Topics: <a href="/t/a">Local</a> <a href="/t/b">Coast</a>'
        "</div>\n"
        '<div class="more-coverage"><h3>Keep reading</h3>'
        f'<div class="teaser"><a href="/k/1">{_e(b)}</a></div>'
        f'<div class="teaser"><a href="/k/2">{_e(c)}</a></div></div>\n'
        "</div></div>\n"
        + modal
        + "\n<footer>Coastline is a non-profit newsroom.</footer></body></html>\n"
    )


LAYOUTS: list[Callable[[int, Story], str]] = [script_app, table_layout, amp, inline_cards]


def pages() -> Iterator[tuple[str, str, str]]:
    """(name, html, gold) for every story, the layouts taken in turn."""
    for i, story in enumerate(STORIES):
        layout = LAYOUTS[i % len(LAYOUTS)]
        yield f"fresh-{i:02d}-{layout.__name__}-{story['slug']}", layout(i, story), gold(story)
