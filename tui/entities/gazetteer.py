"""Hand-written gazetteers: countries, capitals, major cities, regions, demonyms,
common first names, titles and organisation words. Used as tagger features and
by the rules for modern text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

COUNTRIES = """
Afghanistan Albania Algeria Andorra Angola Antigua Argentina Armenia Australia Austria
Azerbaijan Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia
Bosnia Herzegovina Botswana Brazil Brunei Bulgaria Burkina Faso Burundi Cambodia Cameroon
Canada Chad Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti
Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia
Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland
India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati
Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania
Luxembourg Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico
Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Burma Namibia Nauru
Nepal Netherlands Holland Nicaragua Niger Nigeria Macedonia Norway Oman Pakistan Palau
Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa
Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden
Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Trinidad Tobago Tunisia
Turkey Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Vatican Venezuela
Vietnam Yemen Zambia Zimbabwe Britain England Scotland Wales Yugoslavia Zaire Chechnya
Kashmir Tibet Greenland Gaza Kurdistan Somaliland Abkhazia Crimea Ulster Timor
"""

CAPITALS_AND_CITIES = """
Kabul Tirana Algiers Luanda Yerevan Canberra Vienna Baku Nassau Manama Dhaka Minsk Brussels
Thimphu Sarajevo Gaborone Brasilia Sofia Ouagadougou Phnom Penh Yaounde Ottawa Santiago
Beijing Bogota Kinshasa Brazzaville Zagreb Havana Nicosia Prague Copenhagen Quito Cairo
Asmara Tallinn Addis Ababa Suva Helsinki Paris Libreville Banjul Tbilisi Berlin Accra Athens
Conakry Georgetown Tegucigalpa Budapest Reykjavik Delhi Jakarta Tehran Baghdad Dublin
Jerusalem Rome Kingston Tokyo Amman Astana Nairobi Pristina Bishkek Vientiane Riga Beirut
Maseru Monrovia Tripoli Vilnius Antananarivo Lilongwe Kuala Lumpur Bamako Valletta
Nouakchott Mexico Chisinau Ulan Bator Podgorica Rabat Maputo Yangon Naypyidaw Windhoek
Kathmandu Amsterdam Hague Wellington Managua Niamey Abuja Lagos Skopje Oslo Muscat Islamabad
Panama Asuncion Lima Manila Warsaw Lisbon Doha Bucharest Moscow Kigali Riyadh Dakar Belgrade
Freetown Singapore Bratislava Ljubljana Honiara Mogadishu Pretoria Johannesburg Seoul Juba
Madrid Colombo Khartoum Paramaribo Stockholm Bern Geneva Zurich Damascus Taipei Dushanbe
Dodoma Bangkok Tunis Ankara Istanbul Ashgabat Kampala Kiev Kyiv Abu Dhabi Dubai London
Washington Montevideo Tashkent Caracas Hanoi Sanaa Lusaka Harare New York Los Angeles Chicago
Houston Boston Miami Atlanta Dallas Detroit Seattle Denver Philadelphia Francisco
Sydney Melbourne Brisbane Perth Auckland Toronto Montreal Vancouver Shanghai Guangzhou
Shenzhen Wuhan Chengdu Chongqing Tianjin Hong Kong Macau Osaka Kyoto Yokohama Mumbai Bombay
Kolkata Calcutta Chennai Madras Bangalore Hyderabad Karachi Lahore Peshawar Quetta Rawalpindi
Kandahar Herat Mazar Jalalabad Tehran Mashhad Isfahan Basra Mosul Aleppo Homs Gaza Ramallah
Tel Aviv Haifa Alexandria Casablanca Marrakesh Tunis Benghazi Mombasa Kano Durban Cape Town
Milan Naples Turin Florence Venice Barcelona Valencia Seville Munich Hamburg Frankfurt Cologne
Stuttgart Dusseldorf Leipzig Dresden Bonn Marseille Lyon Toulouse Nice Strasbourg Bordeaux
Manchester Liverpool Birmingham Leeds Glasgow Edinburgh Cardiff Belfast Rotterdam Antwerp
Geneva Lausanne Krakow Gdansk St Petersburg Petersburg Novosibirsk Vladivostok Odessa Odesa
Kharkiv Kharkov Donetsk Lviv Minsk Almaty Tashkent Samarkand Sao Paulo Rio Janeiro Buenos
Aires Lima Santiago Bogota Medellin Caracas Havana Guadalajara Monterrey Brussels Luxembourg
Strasbourg Davos Nuku'alofa Apia Port Moresby Noumea Papeete Suva Tarawa Majuro Funafuti
"""

REGIONS = """
Europe Asia Africa America Americas Oceania Antarctica Arctic Pacific Atlantic Caribbean
Balkans Middle East Gulf Scandinavia Siberia Caucasus Sahel Sahara Mediterranean Baltic
Punjab Sindh Balochistan Baluchistan Khyber Pakhtunkhwa Waziristan Bengal Kerala Gujarat
Bavaria Saxony Catalonia Andalusia Flanders Wallonia Lombardy Sicily Sardinia Corsica Brittany
Normandy Provence Quebec Ontario Alberta Texas California Florida Alaska Hawaii Ohio Virginia
Carolina Dakota Kentucky Tennessee Alabama Mississippi Louisiana Arkansas Oklahoma Kansas
Nebraska Iowa Missouri Illinois Indiana Michigan Wisconsin Minnesota Montana Wyoming Colorado
Utah Nevada Arizona Oregon Idaho Maine Vermont Massachusetts Connecticut Pennsylvania Maryland
Delaware Jersey Xinjiang Tibet Guangdong Hokkaido Okinawa Mindanao Java Sumatra Borneo Bali
Darfur Kurdistan Donbas Donbass Crimea Kashmir Gilgit Baltistan Helmand Nangarhar Kunar Khost
Paktia Paktika Kunduz Balkh Badakhshan Panjshir Ghazni Zabul Uruzgan Nimroz Farah Logar
"""

DEMONYMS = """
Afghan Albanian Algerian American Argentine Argentinian Armenian Australian Austrian Azeri
Bangladeshi Belgian Bolivian Bosnian Brazilian British Bulgarian Burmese Cambodian Cameroonian
Canadian Chilean Chinese Colombian Congolese Croatian Cuban Cypriot Czech Danish Dutch
Ecuadorean Egyptian English Eritrean Estonian Ethiopian European Fijian Filipino Finnish
French Georgian German Ghanaian Greek Haitian Hungarian Icelandic Indian Indonesian Iranian
Iraqi Irish Israeli Italian Jamaican Japanese Jordanian Kazakh Kenyan Korean Kuwaiti Kurdish
Kyrgyz Latvian Lebanese Liberian Libyan Lithuanian Malaysian Maltese Mexican Moldovan
Mongolian Moroccan Nepalese Norwegian Pakistani Palestinian Panamanian Peruvian Polish
Portuguese Qatari Romanian Russian Rwandan Saudi Scottish Senegalese Serbian Slovak Slovenian
Somali Spanish Sudanese Swedish Swiss Syrian Taiwanese Tajik Tanzanian Thai Tunisian Turkish
Turkmen Ugandan Ukrainian Uruguayan Uzbek Venezuelan Vietnamese Welsh Yemeni Zambian
Zimbabwean Arab Asian African Western Soviet Balkan Baloch Baluch Pashtun Punjabi Sindhi
Islamic Muslim Christian Catholic Jewish Hindu Sikh Buddhist Sunni Shia Shiite
"""

FIRST_NAMES = """
John James Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel
Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy
Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin
Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry
Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Peter Kyle Walter Ethan Jeremy Harold
Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan
Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene
Vincent Russell Elijah Louis Bobby Philip Johnny Mary Patricia Jennifer Linda Elizabeth
Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret Sandra Ashley Kimberly Emily
Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia
Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine Christine
Debra Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie Joyce Victoria
Olivia Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha Jacqueline
Frances Gloria Ann Teresa Kathryn Sara Janice Jean Alice Madison Doris Abigail Julia Judy
Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia Marie Diana Brittany Natalie
Isabella Charlotte Rose Alexis Kayla Hans Klaus Jurgen Wolfgang Helmut Gerhard Angela Olaf
Friedrich Annalena Boris Vladimir Dmitry Sergei Sergey Mikhail Nikolai Ivan Yuri Igor Oleg
Viktor Alexei Pierre Jean Jacques Francois Emmanuel Nicolas Michel Marine Giuseppe Giovanni
Marco Luca Matteo Silvio Mario Carlos Luis Miguel Pedro Antonio Manuel Francisco Javier Pablo
Fernando Jorge Ricardo Rafael Diego Alejandro Juan Ahmed Ahmad Mohammed Mohammad Muhammad
Mohamed Ali Hassan Hussein Hussain Omar Abdul Abdullah Mahmoud Khalid Tariq Imran Nawaz
Shehbaz Asif Bilawal Benazir Zulfikar Pervez Ishaq Mohsin Safdar Tahir Hamid Karim Rahim
Xi Li Wang Zhang Liu Chen Yang Hu Wen Deng Mao Shinzo Fumio Yoshihide Narendra Rahul Sonia
Manmohan Atal Recep Tayyip Benjamin Yair Naftali Ehud Ariel Yitzhak Shimon Golda Kofi
Antonio Ban Boutros Nelson Thabo Jacob Cyril Robert Uhuru William Paul Yoweri Abiy Hosni
Anwar Gamal Abdel Bashar Hafez Saddam Nouri Hamid Ashraf Hazrat Zabihullah Sirajuddin
Haibatullah Hibatullah Mullah Akhtar Winston Jacinda Chris Anthony Scott Malcolm Kevin Julia
Justin Stephen Jean Joe Donald Barack Hillary Bill Kamala Mike Nancy Chuck Mitch Ted Bernie
Elizabeth Theresa Tony Gordon Keir Rishi Liz Olaf Annalena Friedrich Johann Alexander Nancy
Clara Schahina Sardar Shukria Peter Hafiz Xavier Ursula Charles Emmanuel Giorgia Pedro Viktor
"""

TITLES = """
President Prime Minister Chancellor King Queen Prince Princess Sheikh Emir Sultan Pope
Cardinal Bishop Archbishop Imam Ayatollah General Gen Colonel Col Major Captain Capt Lieutenant
Lt Sergeant Sgt Admiral Commander Marshal Mr Mrs Ms Dr Prof Professor Sir Dame Lord Lady
Senator Sen Governor Gov Mayor Judge Justice Ambassador Secretary Minister Deputy Spokesman
Spokeswoman Spokesperson Chairman Chairwoman Chair Director Chief Analyst Expert Envoy
Representative Rep Speaker Leader Commissioner Inspector Officer Superintendent Mullah Maulana
Mufti Rabbi Father Brother Sister Coach Striker Midfielder Defender Goalkeeper Manager
"""

ORG_WORDS = """
Inc Corp Corporation Co Ltd Plc PLC AG GmbH SA NV Group Holdings Bank Party Council Ministry
Department Agency Office Commission Committee Association Union Federation Organisation
Organization Institute University College School Foundation Fund Trust Forum Army Navy Force
Forces Police Court Parliament Assembly Congress Senate League Club FC United City Rovers
Athletic Airlines Airways Motors Technologies Systems Services International Network News
Times Post Journal Herald Press Television Radio Company Industries Energy Petroleum Oil
Exchange Authority Board Movement Front Alliance Coalition Brigade Brigades Society Service
Centre Center Programme Program Mission Reserve Bureau
"""


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


_SETS: dict[str, frozenset[str]] = {
    "country": _words(COUNTRIES),
    "city": _words(CAPITALS_AND_CITIES),
    "region": _words(REGIONS),
    "demonym": _words(DEMONYMS),
    "first": _words(FIRST_NAMES),
    "title": _words(TITLES),
    "org": _words(ORG_WORDS),
}

# Multi-word places looked up whole by the rules (each word alone may mean little).
MULTIWORD_PLACES = frozenset(
    [
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "New Zealand",
        "Solomon Islands",
        "Marshall Islands",
        "South Africa",
        "South Korea",
        "North Korea",
        "South Sudan",
        "Saudi Arabia",
        "Sri Lanka",
        "Costa Rica",
        "Puerto Rico",
        "El Salvador",
        "Ivory Coast",
        "Sierra Leone",
        "Czech Republic",
        "Dominican Republic",
        "Papua New Guinea",
        "New York",
        "New Delhi",
        "Los Angeles",
        "San Francisco",
        "Hong Kong",
        "Cape Town",
        "Tel Aviv",
        "Abu Dhabi",
        "Kuala Lumpur",
        "Buenos Aires",
        "Rio de Janeiro",
        "Sao Paulo",
        "Addis Ababa",
        "Phnom Penh",
        "Middle East",
        "Latin America",
        "North America",
        "South America",
        "Central Asia",
        "South Asia",
        "Southeast Asia",
        "East Asia",
        "West Bank",
        "Gaza Strip",
        "Khyber Pakhtunkhwa",
        "Gilgit-Baltistan",
        "St Petersburg",
        "Bosnia and Herzegovina",
        "Trinidad and Tobago",
        "Burkina Faso",
        "Timor-Leste",
        "East Timor",
        "Vatican City",
        "Port Moresby",
        "North Carolina",
        "South Carolina",
        "North Dakota",
        "South Dakota",
        "West Virginia",
        "New Jersey",
        "New Mexico",
        "New Hampshire",
        "Rhode Island",
        "Northern Ireland",
        "Inner Mongolia",
    ]
)

# Multi-word places that are cities (a sports team is often named after one).
MULTIWORD_CITIES = frozenset(
    """New York|New Delhi|Los Angeles|San Francisco|Hong Kong|Cape Town|Tel Aviv|Abu Dhabi|
    Kuala Lumpur|Buenos Aires|Rio de Janeiro|Sao Paulo|Addis Ababa|Phnom Penh|St Petersburg|
    Port Moresby|Vatican City""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)

PLACE_WORDS = _SETS["country"] | _SETS["city"] | _SETS["region"]
FIRST_NAME_WORDS = _SETS["first"]


@lru_cache(maxsize=65536)
def lookup(word: str) -> tuple[str, ...]:
    """The gazetteers a single word belongs to (case as written, or Title-cased)."""
    w = word
    if word.isupper() and len(word) > 2:
        w = word.capitalize()
    return tuple(name for name, words in _SETS.items() if w in words)


def is_place(name: str) -> bool:
    """Whether a whole name is a known country, city, region or multi-word place."""
    return name in PLACE_WORDS or name in MULTIWORD_PLACES


# Well-known organisations, matched whole and case-sensitively.
ORG_NAMES = frozenset(
    """United Nations|UN|U.N.|UNHCR|UNICEF|UNESCO|UNDP|UNAMA|WFP|World Food Programme|
    World Health Organization|World Bank|IMF|International Monetary Fund|NATO|OSCE|ASEAN|
    African Union|Arab League|OPEC|WTO|World Trade Organization|Red Cross|Red Crescent|ICRC|
    Amnesty International|Human Rights Watch|Reporters Without Borders|
    Doctors Without Borders|Medecins Sans Frontieres|Greenpeace|Interpol|Europol|FBI|CIA|
    Taliban|al-Qaida|al-Qaeda|Al-Qaeda|Al Qaeda|al Qaeda|Islamic State|ISIS|ISIL|Daesh|Hamas|
    Hezbollah|Boko Haram|al-Shabaab|al-Shabab|Houthis|PKK|Reuters|AFP|Agence France-Presse|
    Associated Press|DPA|BBC|CNN|Al Jazeera|Xinhua|TASS|Bloomberg|Deutsche Welle|USAID|GIZ|
    Bundestag|Bundeswehr|European Union|European Commission|European Parliament|
    European Central Bank|Federal Reserve|International Criminal Court|ICC|
    International Atomic Energy Agency|IAEA|Pacific Islands Forum|G7|G20|BRICS""".replace(
        "\n", ""
    ).split("|")
)
ORG_NAMES = frozenset(n.strip() for n in ORG_NAMES if n.strip())

# Last words that make a multi-word name an organisation.
ORG_HEADS = frozenset(
    [
        "Ministry",
        "Court",
        "University",
        "Institute",
        "Forum",
        "Party",
        "Council",
        "Bank",
        "Army",
        "Agency",
        "Commission",
        "Committee",
        "Union",
        "Federation",
        "Organisation",
        "Organization",
        "Foundation",
        "Programme",
        "Program",
        "Fund",
        "Association",
        "Corp",
        "Corporation",
        "Inc",
        "Ltd",
        "Company",
        "Group",
        "Embassy",
        "Consulate",
        "Parliament",
        "Assembly",
        "Senate",
        "Congress",
        "Police",
        "Office",
        "Department",
        "Bureau",
        "Authority",
        "Board",
        "Airlines",
        "Airways",
        "Front",
        "Movement",
        "Alliance",
        "Club",
        "Network",
        "Service",
        "Services",
        "Society",
        "Trust",
        "Academy",
        "Brigade",
        "Brigades",
        "Force",
        "Forces",
        "Navy",
        "Cabinet",
        "Government",
        "Initiative",
    ]
)


# Companies, platforms and brands of today's news that the stock-index list
# (data/companies.txt) lacks: private, foreign-listed or known by a product's name.
BRANDS = _words(
    """Twitter Facebook Instagram WhatsApp YouTube TikTok ByteDance WeChat Weibo Snapchat
    Reddit LinkedIn Pinterest Telegram Tumblr Twitch Discord Spotify Netflix Hulu Pixar Disney
    Marvel Lucasfilm Google Alphabet Amazon Microsoft Apple OpenAI DeepMind Anthropic Nvidia
    Intel Qualcomm Huawei Xiaomi ZTE Lenovo Oppo OnePlus Alibaba Tencent Baidu JD.com
    Pinduoduo Meituan Didi Rakuten SoftBank Samsung Hyundai Kia LG Sony Panasonic
    Toshiba Hitachi Nintendo Nissan Toyota Honda Mazda Subaru Mitsubishi Suzuki Tesla SpaceX
    Uber Lyft Airbnb WeWork DoorDash Instacart Grubhub Deliveroo Shopify Stripe PayPal Venmo
    eBay Etsy Wayfair Zoom Salesforce Oracle IBM Dell Cisco Adobe Palantir Robinhood
    Coinbase Binance Pfizer Moderna BioNTech AstraZeneca Novavax Sinovac Sinopharm CanSino
    Gilead Regeneron Merck Novartis Roche Sanofi GlaxoSmithKline GSK Bayer Boeing Airbus
    Embraer Lufthansa Ryanair easyJet Qantas Volkswagen BMW Daimler Mercedes-Benz
    Renault Peugeot Stellantis Fiat Chrysler Ferrari Volvo Walmart Costco Starbucks McDonald's
    KFC Nike Adidas Puma Zara H&M Ikea IKEA Unilever Nestle Nestlé Danone Coca-Cola PepsiCo
    ExxonMobil Exxon Chevron BP Shell Aramco Gazprom Rosneft Lukoil Sberbank HSBC Barclays
    Citigroup JPMorgan BlackRock Vanguard Mastercard
    UBS Commerzbank Allianz Siemens Bosch Ericsson Nokia Vodafone
    Verizon T-Mobile Comcast ViacomCBS HBO Bloomberg Wirecard Evergrande
    Foxconn TSMC Gojek Tokopedia Flipkart Tata Infosys Wipro Paytm
    Yandex VKontakte Kaspersky Naspers Prosus Jumia Safaricom MTN Boohoo Ocado Tesco Sainsbury's
    """
) | frozenset(
    [
        "Ant Group",
        "Goldman Sachs",
        "Morgan Stanley",
        "Deutsche Bank",
        "Credit Suisse",
        "Warner Bros",
        "Johnson & Johnson",
        "General Motors",
        "General Electric",
        "Ford Motor",
        "Procter & Gamble",
    ]
)

# Holidays, festivals and recurring events: never a person, organisation or place.
EVENTS = frozenset(
    [
        "Christmas",
        "Christmas Eve",
        "Christmas Day",
        "Easter",
        "Easter Sunday",
        "Good Friday",
        "Thanksgiving",
        "Halloween",
        "Ramadan",
        "Eid",
        "Eid al-Fitr",
        "Eid al-Adha",
        "Diwali",
        "Holi",
        "Hanukkah",
        "Passover",
        "Yom Kippur",
        "Rosh Hashanah",
        "Lent",
        "Nowruz",
        "Lunar New Year",
        "Chinese New Year",
        "New Year",
        "New Year's Eve",
        "New Year's Day",
        "Black Friday",
        "Cyber Monday",
        "Super Bowl",
        "Mardi Gras",
        "Hajj",
        "Oktoberfest",
        "Independence Day",
        "Labor Day",
        "Labour Day",
        "Memorial Day",
        "Veterans Day",
        "Boxing Day",
        "May Day",
        "Olympics",
        "Paralympics",
        "Brexit",
        "Holocaust",
    ]
)
# Last words that make a name an event (Independence Day, World Cup, Tokyo Olympics).
EVENT_HEADS = frozenset(
    [
        "Day",
        "Eve",
        "Cup",
        "Olympics",
        "Paralympics",
        "Open",
        "Prix",
        "Championship",
        "Championships",
        "Festival",
        "Prize",
        "Awards",
        "Trophy",
        "Bowl",
        "Marathon",
        "Expo",
        "Summit",
    ]
)
# Diseases and other terms of today's news that are no person, organisation or place.
NOT_NAMES = frozenset(
    [
        "COVID",
        "COVID-19",
        "Covid",
        "Covid-19",
        "SARS-CoV-2",
        "H1N1",
        "Omicron",
        "Ebola",
        "Zika",
        "Coronavirus",
        "HIV",
        "AIDS",
        "Mpox",
        "IPO",
        "IPOs",
        "GDP",
        "CEO",
        "CEOs",
        "CFO",
        "COO",
        "ETF",
        "ETFs",
        "PPE",
        "ICU",
        "PCR",
        "DNA",
        "RNA",
        "VAT",
        "CPI",
        "PMI",
        "SUV",
        "SUVs",
        "LNG",
        "NFT",
        "NFTs",
        "AI",
        "GMT",
        "EST",
        "PhD",
        "MBA",
    ]
)
# Last words that make a name a place (Downing Street, Yangtze River).
PLACE_HEADS = frozenset(
    [
        "Street",
        "Avenue",
        "Road",
        "Square",
        "Boulevard",
        "Bridge",
        "River",
        "Island",
        "Islands",
        "Mountains",
        "Sea",
        "Ocean",
        "Valley",
        "Lake",
        "Peninsula",
        "Strait",
        "Desert",
    ]
)
# Words of photo captions and credits (`FILE PHOTO:`, `Graphic:`, `Photo: Reuters`).
CAPTION_WORDS = _words(
    """File FILE Photo PHOTO Photos Photograph Picture Pictures Pic Graphic GRAPHIC Graphics
    Illustration Image Images Credit Credits Caption Video Pool POOL Handout HANDOUT
    Factbox FACTBOX Explainer EXPLAINER Timeline TIMELINE Exclusive EXCLUSIVE UPDATE WRAPUP
    Watch WATCH Listen"""
)


def _company_file() -> frozenset[str]:
    """Company names derived from a stock-index list by scripts/derive_companies.py."""
    path = Path(__file__).resolve().parent / "data" / "companies.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(n.strip() for n in lines if n.strip())


# Every company, platform and brand name the rules treat as an organisation.
COMPANIES = (_company_file() | BRANDS) - PLACE_WORDS - MULTIWORD_PLACES
