"""The articles of the HTML extraction pages: invented news, written for this benchmark.

Each story is its gold text: the paragraphs a reader wants from the page, in order.
A paragraph starting with `## ` is a crosshead inside the article and `* ` a bullet
of a list in it (both part of the article); `table` rows are part of it too.
`deck` is the standfirst the page shows under the headline (not part of the article).
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Story(TypedDict):
    """One invented article and what its page shows around it."""

    slug: str
    title: str
    deck: str
    date: str
    paragraphs: list[str]
    table: NotRequired[list[list[str]]]
    after: NotRequired[list[str]]


STORIES: list[Story] = [
    {
        "slug": "ferry-strike",
        "title": "Ferry crews vote to strike over rota changes",
        "deck": "Crossings to the three outer islands could stop for two days this month.",
        "date": "2025-02-11",
        "paragraphs": [
            "Crews on the outer-island ferries have voted by a large margin to walk out for "
            "two days later this month, in a dispute over new rotas that the operator says "
            "are needed to keep the winter timetable running.",
            "The seafarers' union said 84 per cent of members who took part backed strike "
            "action, on a turnout of just over seventy per cent. It has given the operator "
            "the fourteen days' notice the law requires.",
            "Under the new rotas, deckhands would work four long shifts followed by four days "
            "off, instead of the present pattern of five shorter shifts. The union says the "
            "change would leave crews tired on the last crossing of the night.",
            '"Nobody wants to leave islanders without a boat," said Ruth Calder, the union\'s '
            'regional organiser. "But our members have told us clearly that they will not '
            'sign up to something they think is unsafe."',
            "The operator said it was disappointed and remained open to talks. It added that "
            "freight sailings carrying food and fuel would be its priority if the strike went "
            "ahead.",
        ],
    },
    {
        "slug": "library-reopens",
        "title": "Town library reopens after two-year rebuild",
        "deck": "The new building has twice the floor space and stays open until nine.",
        "date": "2025-03-02",
        "paragraphs": [
            "The central library in Marrowby reopened its doors on Saturday morning, two years "
            "after a leaking roof forced it to close and five months later than planned.",
            "More than six hundred people queued along the high street before the opening, "
            "many of them children who had been promised the first choice of the new picture "
            "books.",
            "The rebuilt library has a reading room on the top floor, a small recording studio "
            "that can be booked for free, and a cafe run by a local charity that trains young "
            "people for work in kitchens.",
            "The project cost 4.2 million, most of it from the council's capital budget, with "
            "a grant from a heritage fund paying for the restoration of the Victorian front.",
            'Librarian Samir Okafor said the biggest change was the opening hours. "People told '
            'us they could never get here before we closed at five," he said. "Now we are open '
            'until nine on four nights a week."',
        ],
    },
    {
        "slug": "heatwave-water",
        "title": "Hosepipe ban announced as reservoirs fall to a third",
        "deck": "Households face fines of up to 1,000 for watering gardens with a hose.",
        "date": "2025-07-19",
        "paragraphs": [
            "A hosepipe ban will come into force across the eastern valleys from Friday, after "
            "the longest dry spell in the region for almost half a century.",
            "The water company said its reservoirs were at 34 per cent of capacity, compared "
            "with an average of 71 per cent for the time of year, and that demand had risen "
            "sharply during last week's heat.",
            "## What is banned",
            "The ban covers the use of a hosepipe to water gardens, fill paddling pools or "
            "private swimming pools, and clean cars or windows. Watering cans and buckets may "
            "still be used.",
            "* Watering a garden or allotment with a hosepipe",
            "* Filling a paddling pool or a swimming pool",
            "* Washing a car, a boat or the outside of a house",
            "## Who is exempt",
            "Blue badge holders and people on the company's priority services register are "
            "exempt, as are businesses that need water for their trade, such as nurseries and "
            "car washes that recycle water.",
            "The company's operations director, Helen Marsh, said leaks were being fixed faster "
            "than ever, with 120 extra staff working on repairs.",
        ],
    },
    {
        "slug": "cup-final",
        "title": "Harriers lift the county cup with late winner",
        "deck": "A header three minutes from time settled a tense final at the Meadow.",
        "date": "2025-05-04",
        "paragraphs": [
            "Harriers won the county cup for the first time in eleven years on Sunday, beating "
            "Ashfield Rovers 2-1 in front of a record crowd of 3,400 at the Meadow.",
            "Rovers had the better of the first half and went ahead through Dan Pryce, who "
            "turned in a low cross at the near post after half an hour.",
            "Harriers levelled soon after the break when Tom Veitch curled a free kick over the "
            "wall, and the winner came three minutes from time, a header from the centre back "
            "Kofi Mensah at a corner.",
            '"I have never scored a goal like that and I probably never will again," said '
            'Mensah. "The lads will not let me forget it, in a good way."',
        ],
    },
    {
        "slug": "league-table",
        "title": "How the table looks after round twenty",
        "deck": "Three points separate the top four with six rounds to go.",
        "date": "2025-03-16",
        "paragraphs": [
            "Only three points separate the top four sides in the regional league after a "
            "weekend of draws, with six rounds of matches still to play.",
            "Harriers stay top on goal difference after a goalless draw at Dunmore, while "
            "Ashfield Rovers climbed to third with a 3-0 win over the bottom side.",
        ],
        "table": [
            ["Team", "Played", "Won", "Drawn", "Lost", "Points"],
            ["Harriers", "20", "12", "5", "3", "41"],
            ["Dunmore", "20", "12", "5", "3", "41"],
            ["Ashfield Rovers", "20", "12", "3", "5", "39"],
            ["Kelby Town", "20", "11", "5", "4", "38"],
            ["Millbrook", "20", "8", "4", "8", "28"],
        ],
        "after": [
            "Kelby Town, who had led the table at Christmas, have won only one of their last "
            "five games and now face the top two in successive weeks.",
        ],
    },
    {
        "slug": "bus-cuts",
        "title": "Rural bus routes to be cut as subsidy ends",
        "deck": "Seven routes lose their evening and Sunday services from June.",
        "date": "2025-04-08",
        "paragraphs": [
            "Seven rural bus routes will lose their evening and Sunday services from June, "
            "after the county said it could no longer afford the subsidy that keeps them "
            "running.",
            "The county's transport committee voted by six to four to end the 1.1 million a "
            "year payment, which covers services that carry fewer than ten passengers a trip.",
            "Councillor Priya Nair, who chairs the committee, said the decision was painful "
            'but unavoidable. "Every pound we spend on an empty bus is a pound we cannot spend '
            'on social care," she said.',
            "Campaigners said the cuts would leave older people in the villages without a way "
            "to reach the hospital in the evening, when many visiting hours begin.",
            "The operator said it would run the daytime services on a commercial basis for at "
            "least a year and review them after that.",
        ],
    },
    {
        "slug": "bakery-award",
        "title": "Village bakery named the best in the region",
        "deck": "A sourdough made with flour from a nearby mill won over the judges.",
        "date": "2025-09-21",
        "paragraphs": [
            "A bakery in the village of Lowther Green has been named the best in the region, "
            "beating more than two hundred entries in an annual competition run by a food "
            "magazine.",
            "The judges praised its sourdough, made with flour milled by water power less than "
            "five miles away, and its cardamom buns, which sell out most mornings by ten.",
            "Owner Bea Lindqvist opened the bakery in a former post office four years ago "
            "with a loan from her parents and one second-hand oven.",
            '"We started with three kinds of bread and a lot of hope," she said. "Now there are '
            'nine of us, and I still do the early shift on Saturdays."',
        ],
    },
    {
        "slug": "hospital-waits",
        "title": "Waiting times at the county hospital rise for a fifth month",
        "deck": "One in four patients waited more than four hours in the emergency department.",
        "date": "2025-01-28",
        "paragraphs": [
            "Waiting times in the emergency department of the county hospital rose for the "
            "fifth month in a row in December, figures published on Tuesday show.",
            "One in four patients waited more than four hours to be seen, admitted or sent "
            "home, against a national target of one in twenty. The longest wait recorded was "
            "31 hours.",
            "The hospital trust said the department had treated 9,870 patients in the month, "
            "its busiest December on record, and that flu cases had peaked earlier than usual.",
            "Dr Anil Varma, the trust's medical director, said a new assessment unit opening in "
            'March would free up beds. "We are not where we want to be, and we know patients '
            'are waiting too long," he said.',
            "The patients' group Healthwatch said it had heard from families who waited "
            "overnight in corridors and called for more community nurses to keep people out of "
            "hospital.",
        ],
    },
    {
        "slug": "solar-farm",
        "title": "Solar farm approved despite objections from villagers",
        "deck": "The scheme will cover an area the size of forty football pitches.",
        "date": "2025-06-12",
        "paragraphs": [
            "Plans for a solar farm on farmland outside Elmstead were approved on Thursday, "
            "despite more than three hundred objections from people living nearby.",
            "The scheme will cover about thirty hectares and produce enough electricity for "
            "some nine thousand homes. The developer says sheep will graze between the panels.",
            "Objectors said the farm would spoil views from a popular footpath and take good "
            "land out of food production. The planning officer's report said the land was of "
            "moderate quality.",
            "Members of the planning committee voted seven to two in favour, with conditions "
            "that include a hedge around the site and a fund for village projects worth "
            "50,000 a year.",
        ],
    },
    {
        "slug": "school-meals",
        "title": "Free school meals extended to every primary pupil",
        "deck": "The council says the scheme will cost 3 million a year.",
        "date": "2025-08-30",
        "paragraphs": [
            "Every primary school pupil in the borough will be offered a free lunch from the "
            "start of the autumn term, the council confirmed on Friday.",
            "About 14,000 children are expected to benefit, around half of whom do not qualify "
            "for free meals under the national rules.",
            "The council will pay for the scheme, which costs about 3 million a year, by "
            "drawing on reserves for the first two years and then from savings in its "
            "transport budget.",
            'Head teacher Grace Obi said parents at her school had been asking for help. "Some '
            'families are skipping meals themselves so the children can eat," she said.',
        ],
    },
    {
        "slug": "flood-defences",
        "title": "Flood wall finished a year early",
        "deck": "The 400-metre barrier protects more than six hundred homes.",
        "date": "2025-10-05",
        "paragraphs": [
            "A new flood wall along the river at Castleford Quay has been finished a year ahead "
            "of schedule, the environment agency said.",
            "The 400-metre barrier, with glass panels along its top so that people can still "
            "see the water, protects more than six hundred homes and eighty businesses.",
            "The town flooded three times in the past decade, most recently in 2022, when water "
            "reached the first floor of houses on Mill Lane.",
            "Resident Owen Tait, whose home was flooded twice, said he had finally been able to "
            'get insurance again. "It is the first winter in years I will sleep properly when '
            'it rains," he said.',
            "The project cost 12.5 million and was paid for by the agency, the council and a "
            "contribution from a supermarket whose store stands on the quay.",
        ],
    },
    {
        "slug": "museum-loan",
        "title": "Viking hoard returns to the town where it was found",
        "deck": "The silver will be on show for six months from Easter.",
        "date": "2025-03-27",
        "paragraphs": [
            "A hoard of Viking silver found by a metal detectorist in a field near Harwick "
            "will go on show in the town's museum for six months from Easter.",
            "The hoard, which includes 160 coins, two arm rings and a brooch, was found in 2019 "
            "and has been held by the national museum since it was declared treasure.",
            "Curator Elin Strand said the loan had taken three years to arrange and needed new "
            "display cases with the same security as the national museum's own.",
            "The detectorist, a retired postman who asked not to be named, will open the "
            "exhibition.",
        ],
    },
    {
        "slug": "rail-fares",
        "title": "Rail fares to rise by 4.6 per cent in March",
        "deck": "Season tickets on the coast line will cost more than 5,000 for the first time.",
        "date": "2025-01-09",
        "paragraphs": [
            "Rail fares will rise by an average of 4.6 per cent from the first Sunday in March, "
            "the train operators' group announced on Thursday.",
            "The rise is below last year's increase of 5.9 per cent but above the rate of "
            "inflation, which stood at 3.2 per cent in November.",
            "It means an annual season ticket between Seabrook and the city will cost 5,140, "
            "the first time the fare has passed 5,000.",
            "Passenger groups said the increase was hard to justify after a year in which "
            "almost one train in five on the coast line ran late.",
            "The operators' group said the money would help pay for new trains due in 2026.",
        ],
    },
    {
        "slug": "election-count",
        "title": "Independent wins council seat by eleven votes",
        "deck": "A recount was needed after the first count put two candidates level.",
        "date": "2025-05-02",
        "paragraphs": [
            "An independent candidate won the Northgate seat on the district council by eleven "
            "votes after a recount that went on past three in the morning.",
            "Jo Whitfield, a former nurse who campaigned against plans to close the town's "
            "minor injuries unit, took 1,204 votes to the Liberal candidate's 1,193.",
        ],
        "table": [
            ["Candidate", "Party", "Votes"],
            ["Jo Whitfield", "Independent", "1,204"],
            ["Martin Hale", "Liberal", "1,193"],
            ["Sunita Rao", "Labour", "806"],
            ["Graham Price", "Conservative", "611"],
        ],
        "after": [
            "Turnout was 38 per cent. Whitfield said her first task would be to ask for a "
            "meeting with the health board about the unit's future.",
        ],
    },
    {
        "slug": "pothole-repairs",
        "title": "Council fills record number of potholes",
        "deck": "Crews repaired more than 21,000 holes in the past year.",
        "date": "2025-04-22",
        "paragraphs": [
            "Highway crews filled more than 21,000 potholes across the county in the past "
            "twelve months, the most since records began.",
            "The council said the wet winter had damaged roads faster than they could be "
            "mended, and that it had hired two extra repair teams in January.",
            "Drivers made 1,870 claims for damage to their cars, of which about a third were "
            "paid, costing the council 412,000.",
            "Cycling groups said the council should repair whole stretches of road rather than "
            "filling single holes, which often break up again within months.",
        ],
    },
    {
        "slug": "zoo-birth",
        "title": "Rare red panda cub born at wildlife park",
        "deck": "Keepers have not yet been able to tell whether it is male or female.",
        "date": "2025-07-03",
        "paragraphs": [
            "A red panda cub has been born at the Fernhill wildlife park, the first of the "
            "endangered species to be bred there in its forty-year history.",
            "The cub was born in June but keepers waited until it had its first health check "
            "before announcing the birth. It weighed 310 grams.",
            'Head keeper Lucy Amadi said the mother, Mei, was being very protective. "She '
            "moves the cub between nest boxes several times a day, which is exactly what we "
            'hoped to see," she said.',
            "Visitors may be able to see the cub from the autumn, when it is expected to start "
            "exploring outside the nest.",
        ],
    },
    {
        "slug": "factory-jobs",
        "title": "Packaging factory to close with loss of 240 jobs",
        "deck": "Production will move to a plant abroad by the end of the year.",
        "date": "2025-11-14",
        "paragraphs": [
            "A packaging factory that has been the biggest employer in Thornley for half a "
            "century will close by the end of the year, with the loss of 240 jobs.",
            "The owner said falling orders and the cost of energy had made the site "
            "unprofitable, and that production would move to a larger plant abroad.",
            "Workers were told at a meeting on Wednesday afternoon. Several said they had "
            "learned of the closure from a local news website before the meeting began.",
            "The local MP said she would ask ministers to help find a buyer for the site. "
            '"This is a hammer blow for the town," she said.',
            "The union said it would press for enhanced redundancy payments and for the "
            "company to keep staff on until new jobs could be found.",
        ],
    },
    {
        "slug": "marathon",
        "title": "Teacher wins city marathon at her first attempt",
        "deck": "She finished more than two minutes ahead of last year's winner.",
        "date": "2025-04-13",
        "paragraphs": [
            "A primary school teacher who took up running three years ago won the women's race "
            "at the city marathon on Sunday, in her first attempt at the distance.",
            "Nadia Kowalski finished in two hours 31 minutes, more than two minutes ahead of "
            "last year's winner, after breaking clear on the long climb at the twentieth mile.",
            'She said she trained before school and on the playground at lunchtime. "My class '
            'is going to be unbearable on Monday," she said.',
            "The men's race was won by Daniel Osei in two hours 14 minutes. More than 9,000 "
            "runners finished, and organisers said about 1.3 million had been raised for "
            "charity.",
        ],
    },
    {
        "slug": "broadband",
        "title": "Fast broadband reaches the last valley villages",
        "deck": "A four-year project has connected about 3,000 homes.",
        "date": "2025-12-01",
        "paragraphs": [
            "The last villages in the upper valley have been connected to fast broadband, "
            "finishing a four-year project that brought fibre to about 3,000 homes.",
            "Engineers laid more than 200 kilometres of cable, much of it along farm tracks and "
            "across fields whose owners agreed to let the work go through without charge.",
            "Before the project, many households had speeds of less than two megabits a second, "
            "too slow to stream a film or take part in a video call.",
            "Farmer Iwan Pugh said his children could now do their homework at home rather than "
            'at the library in town. "It has changed our evenings completely," he said.',
        ],
    },
    {
        "slug": "cliff-path",
        "title": "Coast path reopens after cliff fall",
        "deck": "Walkers can use the route again after a new section was built inland.",
        "date": "2025-05-29",
        "paragraphs": [
            "A popular stretch of the coast path near Saltby has reopened, eight months after "
            "a cliff fall swept away part of the route.",
            "A new section has been built about thirty metres inland, with steps down to the "
            "beach at either end, and fencing has been put up along the most unstable edges.",
            "The coastguard warned walkers to stay behind the fences, saying further falls were "
            "likely after heavy rain.",
        ],
    },
]
