"""Deterministic reference content for the demo-data management command.

The ``load_demo_practices`` command builds a realistic-looking good-practice database (around
two hundred pages modelled on the Council of Europe Intercultural Cities programme) from the
fixed data in this module. Everything here is plain Python data: no randomness, no Django
imports and no network access. Callers combine these pieces with a seeded random generator, so
the same seed always yields the same site. That reproducibility matters for screenshots,
documentation, manual QA and, above all, benchmarks, which are only comparable between runs
when the underlying content is identical.

Text fragments may contain a ``{city}`` placeholder (and period patterns ``{year}`` and
``{end}``) to be filled with ``str.format``. No other braces appear in the text. Prose is
generic and fictional apart from ``BARCELONA_PRACTICE``, which reproduces a real ICC practice
and serves as the fixed seed page.
"""

from typing import TypedDict

# ISO 3166-1 alpha-2 code -> real cities as (name, latitude, longitude), WGS84 decimal
# degrees rounded to four places. Member cities of the Intercultural Cities network are
# listed first where known. Names use the English exonym where one is common (Vienna,
# Turin, The Hague), otherwise the local form with diacritics (Liège, Kraków, Niš).
# City names are unique across the whole mapping.
CITIES: dict[str, tuple[tuple[str, float, float], ...]] = {
    "AU": (
        ("Melbourne", -37.8136, 144.9631),
        ("Ballarat", -37.5622, 143.8503),
        ("Logan", -27.6392, 153.1094),
        ("Sydney", -33.8688, 151.2093),
        ("Adelaide", -34.9285, 138.6007),
    ),
    "AT": (
        ("Vienna", 48.2082, 16.3738),
        ("Graz", 47.0707, 15.4395),
        ("Linz", 48.3069, 14.2858),
        ("Salzburg", 47.8095, 13.0550),
        ("Innsbruck", 47.2692, 11.4041),
    ),
    "BE": (
        ("Brussels", 50.8503, 4.3517),
        ("Antwerp", 51.2194, 4.4025),
        ("Ghent", 51.0543, 3.7174),
        ("Liège", 50.6326, 5.5797),
        ("Leuven", 50.8798, 4.7005),
        ("Mechelen", 51.0259, 4.4776),
    ),
    "CA": (
        ("Montreal", 45.5017, -73.5673),
        ("Toronto", 43.6532, -79.3832),
        ("Vancouver", 49.2827, -123.1207),
        ("Edmonton", 53.5461, -113.4938),
        ("Calgary", 51.0447, -114.0719),
    ),
    "HR": (
        ("Zagreb", 45.8150, 15.9819),
        ("Rijeka", 45.3271, 14.4422),
        ("Split", 43.5081, 16.4402),
        ("Osijek", 45.5550, 18.6955),
        ("Pula", 44.8666, 13.8496),
    ),
    "CY": (
        ("Limassol", 34.6786, 33.0413),
        ("Nicosia", 35.1856, 33.3823),
        ("Larnaca", 34.9003, 33.6232),
        ("Paphos", 34.7720, 32.4297),
    ),
    "DK": (
        ("Copenhagen", 55.6761, 12.5683),
        ("Aarhus", 56.1629, 10.2039),
        ("Odense", 55.4038, 10.4024),
        ("Aalborg", 57.0488, 9.9217),
    ),
    "FR": (
        ("Paris", 48.8566, 2.3522),
        ("Lyon", 45.7640, 4.8357),
        ("Strasbourg", 48.5734, 7.7521),
        ("Montreuil", 48.8638, 2.4485),
        ("Marseille", 43.2965, 5.3698),
    ),
    "DE": (
        ("Berlin", 52.5200, 13.4050),
        ("Stuttgart", 48.7758, 9.1829),
        ("Munich", 48.1351, 11.5820),
        ("Erlangen", 49.5897, 11.0120),
        ("Düsseldorf", 51.2277, 6.7735),
        ("Hamburg", 53.5511, 9.9937),
    ),
    "GR": (
        ("Athens", 37.9838, 23.7275),
        ("Thessaloniki", 40.6401, 22.9444),
        ("Patras", 38.2466, 21.7346),
        ("Ioannina", 39.6650, 20.8537),
        ("Heraklion", 35.3387, 25.1442),
    ),
    "IS": (
        ("Reykjavík", 64.1466, -21.9426),
        ("Hafnarfjörður", 64.0671, -21.9377),
        ("Kópavogur", 64.1121, -21.9130),
        ("Akureyri", 65.6885, -18.1262),
    ),
    "IE": (
        ("Dublin", 53.3498, -6.2603),
        ("Cork", 51.8985, -8.4756),
        ("Limerick", 52.6638, -8.6267),
        ("Galway", 53.2707, -9.0568),
    ),
    "IL": (
        ("Tel Aviv-Yafo", 32.0853, 34.7818),
        ("Haifa", 32.7940, 34.9896),
        ("Jerusalem", 31.7683, 35.2137),
        ("Beersheba", 31.2518, 34.7913),
    ),
    "IT": (
        ("Reggio Emilia", 44.6983, 10.6312),
        ("Turin", 45.0703, 7.6869),
        ("Genoa", 44.4056, 8.9463),
        ("Milan", 45.4642, 9.1900),
        ("Bergamo", 45.6983, 9.6773),
        ("Palermo", 38.1157, 13.3615),
    ),
    "JP": (
        ("Hamamatsu", 34.7108, 137.7261),
        ("Tokyo", 35.6762, 139.6503),
        ("Osaka", 34.6937, 135.5023),
        ("Kawasaki", 35.5308, 139.7029),
        ("Nagoya", 35.1815, 136.9066),
    ),
    "LU": (
        ("Luxembourg", 49.6116, 6.1319),
        ("Esch-sur-Alzette", 49.4958, 5.9806),
        ("Differdange", 49.5244, 5.8914),
        ("Dudelange", 49.4806, 6.0875),
    ),
    "MX": (
        ("Mexico City", 19.4326, -99.1332),
        ("Guadalajara", 20.6597, -103.3496),
        ("Monterrey", 25.6866, -100.3161),
        ("Tijuana", 32.5149, -117.0382),
        ("Puebla", 19.0414, -98.2063),
    ),
    "NL": (
        ("Amsterdam", 52.3676, 4.9041),
        ("Rotterdam", 51.9244, 4.4777),
        ("Utrecht", 52.0907, 5.1214),
        ("The Hague", 52.0705, 4.3007),
        ("Eindhoven", 51.4416, 5.4697),
    ),
    "NZ": (
        ("Auckland", -36.8485, 174.7633),
        ("Wellington", -41.2865, 174.7762),
        ("Christchurch", -43.5321, 172.6362),
        ("Hamilton", -37.7870, 175.2793),
    ),
    "NO": (
        ("Oslo", 59.9139, 10.7522),
        ("Bergen", 60.3913, 5.3221),
        ("Stavanger", 58.9700, 5.7331),
        ("Drammen", 59.7439, 10.2045),
        ("Trondheim", 63.4305, 10.3951),
    ),
    "PL": (
        ("Lublin", 51.2465, 22.5684),
        ("Warsaw", 52.2297, 21.0122),
        ("Kraków", 50.0647, 19.9450),
        ("Gdańsk", 54.3520, 18.6466),
        ("Wrocław", 51.1079, 17.0385),
    ),
    "PT": (
        ("Lisbon", 38.7223, -9.1393),
        ("Porto", 41.1579, -8.6291),
        ("Amadora", 38.7538, -9.2308),
        ("Loures", 38.8309, -9.1685),
        ("Oeiras", 38.6970, -9.3017),
        ("Santa Maria da Feira", 40.9253, -8.5428),
    ),
    "RO": (
        ("Bucharest", 44.4268, 26.1025),
        ("Cluj-Napoca", 46.7712, 23.6236),
        ("Timișoara", 45.7489, 21.2087),
        ("Iași", 47.1585, 27.6014),
        ("Brașov", 45.6427, 25.5887),
    ),
    "RS": (
        ("Belgrade", 44.7866, 20.4489),
        ("Novi Sad", 45.2671, 19.8335),
        ("Subotica", 46.1003, 19.6658),
        ("Niš", 43.3209, 21.8958),
        ("Pančevo", 44.8708, 20.6403),
    ),
    "KR": (
        ("Ansan", 37.3219, 126.8309),
        ("Seoul", 37.5665, 126.9780),
        ("Busan", 35.1796, 129.0756),
        ("Incheon", 37.4563, 126.7052),
        ("Gwangju", 35.1595, 126.8526),
    ),
    "ES": (
        ("Barcelona", 41.3874, 2.1686),
        ("Bilbao", 43.2630, -2.9350),
        ("Getxo", 43.3569, -3.0115),
        ("Sabadell", 41.5433, 2.1094),
        ("Fuenlabrada", 40.2842, -3.7942),
        ("Cartagena", 37.6257, -0.9966),
    ),
    "SE": (
        ("Stockholm", 59.3293, 18.0686),
        ("Gothenburg", 57.7089, 11.9746),
        ("Malmö", 55.6050, 13.0038),
        ("Uppsala", 59.8586, 17.6389),
        ("Botkyrka", 59.2000, 17.8333),
    ),
    "CH": (
        ("Zürich", 47.3769, 8.5417),
        ("Geneva", 46.2044, 6.1432),
        ("Neuchâtel", 46.9900, 6.9293),
        ("Bern", 46.9480, 7.4474),
        ("Basel", 47.5596, 7.5886),
        ("Lausanne", 46.5197, 6.6323),
    ),
    "UA": (
        ("Kyiv", 50.4501, 30.5234),
        ("Lviv", 49.8397, 24.0297),
        ("Odesa", 46.4825, 30.7233),
        ("Melitopol", 46.8489, 35.3675),
        ("Vinnytsia", 49.2331, 28.4682),
        ("Sumy", 50.9077, 34.7981),
    ),
    "GB": (
        ("London", 51.5072, -0.1276),
        ("Bristol", 51.4545, -2.5879),
        ("Glasgow", 55.8642, -4.2518),
        ("Manchester", 53.4808, -2.2426),
        ("Leicester", 52.6369, -1.1398),
        ("Swansea", 51.6214, -3.9436),
    ),
}

# Practice title templates; some contain a {city} placeholder.
PRACTICE_TITLE_PATTERNS: tuple[str, ...] = (
    "{city} anti-rumour agents network",
    "Intercultural mediators in {city} schools",
    "Welcome desk for newcomers",
    "Multilingual library storytelling",
    "{city} intercultural council",
    "Neighbourhood dialogue circles",
    "Diversity charter for local employers",
    "Intercultural competence training for municipal staff",
    "{city} welcome programme for refugees",
    "Language cafés in community centres",
    "Mentoring scheme for migrant entrepreneurs",
    "Intercultural festival of {city}",
    "Community mediation service in {city}",
    "Anti-discrimination office and reporting platform",
    "Inclusive sports clubs for newcomer youth",
    "Migrant women's leadership programme",
    "{city} local integration strategy",
    "Intercultural Cities Index action plan",
    "Participatory budgeting with diverse communities",
    "Parents as partners: intercultural school bridges",
    "Shared histories: a migration museum for {city}",
    "Interfaith dialogue platform",
    "Diversity in municipal recruitment",
    "{city} city of sanctuary initiative",
    "Buddy programme for newly arrived families",
    "Intercultural urban gardens",
    "Local media diversity lab",
    "Co-designing public spaces with residents",
    "Roma inclusion and school mediation",
    "Youth ambassadors against hate speech",
    "{city} newcomer orientation guide",
    "Health mediators for migrant communities",
    "Intercultural housing and neighbourhood management",
    "Recognition of skills for foreign-trained professionals",
    "Open doors day at places of worship",
    "The diversity advantage in {city} business",
    "Multilingual municipal information service",
    "Community liaison officers in {city} local police",
    "Culture for all: an inclusive arts programme",
    "Community interpreters network",
    "{city} human library",
    "Civic participation school for foreign residents",
    "Intercultural after-school clubs",
    "Anti-rumour campaign in {city} neighbourhoods",
    "Consultative council of migrant residents",
    "Digital inclusion workshops for newcomers",
    "Intercultural early childhood education",
    "{city} intercultural plan",
    "Refugee housing with host families",
    "Intercultural training for teachers and youth workers",
)

# One- or two-sentence summaries shown in listings and search results.
SUMMARY_SENTENCES: tuple[str, ...] = (
    "The city brings residents of different backgrounds together to challenge stereotypes and "
    "build everyday trust in its neighbourhoods.",
    "{city} trains volunteers to counter rumours and prejudice about migrants with facts, empathy "
    "and dialogue.",
    "A one-stop service helps newcomers to {city} find their way through housing, language "
    "courses, schools and employment support.",
    "The programme places trained intercultural mediators in schools to strengthen the "
    "relationship between families and teachers.",
    "Migrant and refugee residents take part in an advisory council that gives them a direct "
    "voice in municipal decision-making.",
    "The municipality treats diversity as a resource for innovation and works with local "
    "businesses to open up recruitment and entrepreneurship.",
    "Libraries across {city} offer multilingual storytelling sessions that value home languages "
    "and encourage families to read together.",
    "City staff follow a structured training path on intercultural competence, "
    "anti-discrimination and inclusive public service.",
    "A neighbourhood-based mediation service helps residents resolve everyday conflicts before "
    "they escalate into tension between communities.",
    "The initiative uses sport as a shared language to connect young newcomers with local clubs, "
    "coaches and peers.",
    "{city} has adopted a cross-departmental intercultural strategy with clear objectives, "
    "indicators and a dedicated budget.",
    "Residents, artists and community organisations co-create a yearly festival that celebrates "
    "the plural identity of {city}.",
    "An accessible reporting platform allows victims and witnesses of discrimination to seek "
    "advice and support from the municipality.",
    "Women with a migrant background are supported to take up leadership roles in local "
    "associations, schools and civic life.",
)

PURPOSE_PARAGRAPHS: tuple[str, ...] = (
    "The main purpose of the practice is to make diversity a visible and shared advantage for "
    "{city}. It aims to move beyond tolerance towards real interaction between people of "
    "different origins, languages and beliefs.",
    "The initiative seeks to ensure that newcomers can access municipal services on an equal "
    "footing with long-term residents. It also aims to reduce the time it takes for new arrivals "
    "to feel at home and to participate in local life.",
    "The programme aims to counter prejudice and stereotypes that circulate in everyday "
    "conversations and on social media. By equipping residents with facts and dialogue skills, it "
    "seeks to create a more welcoming climate in the city.",
    "Its purpose is to strengthen trust between schools and families with a migrant background. "
    "Mediators help parents understand the education system and help teachers understand the "
    "needs and resources of the families.",
    "The practice aims to give residents of foreign origin a real voice in local policy. It "
    "creates a permanent channel through which their experiences and proposals reach elected "
    "officials and municipal departments.",
    "The objective is to prevent and manage conflicts in shared public spaces. The service "
    "encourages neighbours to talk to each other and to find their own solutions with the help of "
    "trained mediators.",
    "The initiative aims to build the intercultural competence of municipal staff. Frontline "
    "workers, managers and elected representatives learn to recognise bias and to adapt services "
    "to a diverse population.",
    "The purpose is to make {city} a place where everybody can enjoy culture, regardless of "
    "origin, language or income. Cultural institutions are encouraged to reflect the diversity of "
    "the city in their programmes, staff and audiences.",
    "The programme seeks to unlock the economic potential of diversity. It supports migrant "
    "entrepreneurs, promotes inclusive recruitment and connects local employers with "
    "foreign-trained professionals.",
    "The practice aims to prevent discrimination and to support those who experience it. It "
    "offers advice, mediation and, where necessary, legal guidance, while collecting data that "
    "inform municipal policy.",
    "Its goal is to create safe and mixed spaces where young people of different backgrounds can "
    "meet. Through sport, arts and volunteering, the initiative builds friendships that cross "
    "ethnic and social boundaries.",
    "The initiative aims to embed the intercultural approach across all municipal policies rather "
    "than treating it as a separate sector. It provides a common framework, shared language and "
    "clear responsibilities for every department.",
    "The purpose is to make public information understandable to all residents. Key municipal "
    "services are explained in several languages and in plain language, with support from "
    "community interpreters.",
)

RATIONALE_PARAGRAPHS: tuple[str, ...] = (
    "Over the last two decades {city} has become increasingly diverse, with residents from more "
    "than one hundred countries. The city council recognised that this diversity could only "
    "become an advantage if it was actively managed through inclusive policies.",
    "Surveys carried out by the municipality showed that many residents held negative perceptions "
    "of migrants, often based on rumours rather than facts. These perceptions were undermining "
    "social cohesion and the success of integration policies.",
    "Families with a migrant background were found to have less contact with schools and lower "
    "participation in parents' associations. Teachers reported difficulties in communicating with "
    "parents and in understanding the needs of their pupils.",
    "Residents of foreign origin represent a significant share of the population but were largely "
    "absent from participatory processes. The city wanted to close this democratic gap and make "
    "its institutions more representative.",
    "Several neighbourhoods had experienced tensions linked to the use of shared spaces, noise "
    "and different expectations about community life. Traditional responses based on policing "
    "alone had proved insufficient.",
    "The Intercultural Cities Index revealed that municipal staff had limited training on "
    "diversity and discrimination. The city decided to invest in the skills of its workforce as a "
    "precondition for better public services.",
    "The arrival of large numbers of refugees in a short period put pressure on housing, schools "
    "and social services. The city chose to respond with a welcoming approach that involves the "
    "whole community rather than only specialised agencies.",
    "Migrant residents were over-represented in unemployment figures despite having valuable "
    "qualifications and experience. Local businesses, at the same time, reported shortages of "
    "skilled workers and limited knowledge of diverse markets.",
    "Reports from local organisations indicated that discrimination in housing, employment and "
    "leisure was widespread but rarely reported. Victims did not know where to turn or did not "
    "trust that their complaints would be taken seriously.",
    "Young people from different backgrounds often live side by side without meeting. The city "
    "recognised that leisure time is a powerful opportunity to build lasting relationships and a "
    "shared sense of belonging.",
    "The intercultural approach is grounded in the principles of equality, recognition of "
    "diversity and positive interaction. {city} joined the Intercultural Cities programme to put "
    "these principles into practice across its policies.",
    "Language barriers were identified as one of the main obstacles to accessing services. "
    "Newcomers frequently relied on children or informal helpers to understand official letters, "
    "medical appointments and school meetings.",
    "Cultural institutions in {city} were attracting audiences that did not reflect the diversity "
    "of the population. The city saw culture as a key space for encounter and for telling a "
    "shared story of the city.",
)

PROCESS_PARAGRAPHS: tuple[str, ...] = (
    "The practice was designed through a participatory process involving municipal departments, "
    "community organisations and residents. Working groups met over several months to define "
    "priorities, target groups and a shared action plan.",
    "A coordinator based in the municipal diversity office manages the programme and works with a "
    "network of partner organisations. Activities are planned annually and reviewed at a steering "
    "group that includes civil society representatives.",
    "Volunteers are recruited through open calls and receive an initial training of about twenty "
    "hours. They then organise activities in their own neighbourhoods, supported by coaching "
    "sessions and a shared toolkit of materials.",
    "Mediators are recruited from the communities concerned and trained in conflict management, "
    "confidentiality and the functioning of local institutions. They work in pairs and meet "
    "regularly to exchange experience and difficulties.",
    "The city allocated a dedicated budget and integrated the practice into its intercultural "
    "strategy. Funding was complemented by national programmes and European projects, which "
    "allowed the initiative to be tested and scaled up.",
    "Activities take place in schools, libraries, community centres and public squares to reach "
    "people where they already are. Information is shared in several languages through social "
    "media, local radio and community leaders.",
    "The consultative body meets four times a year and is supported by a secretariat within the "
    "city administration. Its members are elected by residents of foreign origin and may submit "
    "proposals that departments must answer in writing.",
    "Training sessions combine short presentations, case studies and role play. Participants are "
    "invited to analyse their own practice and to propose concrete changes in their services, "
    "which are then followed up by their managers.",
    "The project started as a pilot in two neighbourhoods of {city}. After a positive evaluation, "
    "the approach was extended to the whole city and embedded in the regular work of municipal "
    "services.",
    "Local businesses sign a voluntary charter and commit to concrete measures on recruitment, "
    "training and workplace inclusion. The city offers guidance, networking events and public "
    "recognition for the most committed employers.",
    "Residents were involved from the beginning through workshops, walks in the neighbourhood and "
    "online consultations. Their proposals shaped both the content of the activities and the way "
    "they are communicated.",
    "An interdepartmental working group ensures coordination between education, social services, "
    "culture, sport and urban planning. Each department nominates a contact person responsible "
    "for intercultural issues.",
    "The practice is evaluated through a mix of surveys, focus groups and service data. Results "
    "are discussed with partners every year and used to adjust objectives and activities.",
)

IMPACT_PARAGRAPHS: tuple[str, ...] = (
    "Since its launch, the initiative has reached several thousand residents and trained hundreds "
    "of volunteers. Participants report a better understanding of diversity and a greater "
    "willingness to challenge prejudice in their daily lives.",
    "Evaluations show increased participation of migrant families in school life and improved "
    "communication between parents and teachers. Schools involved in the programme have also "
    "recorded fewer conflicts and lower rates of absenteeism.",
    "The practice has strengthened trust between residents and the municipality. People of "
    "foreign origin are now more visible in local decision-making, and several of their proposals "
    "have been incorporated into municipal policies.",
    "Conflicts in shared public spaces have decreased in the neighbourhoods where mediation is "
    "available. Residents say they feel more confident to address problems directly and to ask "
    "for help when needed.",
    "Municipal staff report that the training has changed the way they interact with service "
    "users. Several departments have revised their procedures, forms and communication to make "
    "them more accessible.",
    "The initiative has become a reference at national level and has been transferred to other "
    "cities of the Intercultural Cities network. {city} regularly hosts study visits and shares "
    "its tools with peers.",
    "Employers who signed the diversity charter have diversified their workforce and report "
    "benefits in innovation and customer relations. Migrant entrepreneurs have gained easier "
    "access to finance, advice and local networks.",
    "The number of discrimination complaints registered has grown, which is interpreted as a sign "
    "of increased trust and awareness rather than of more incidents. Data collected now inform "
    "the annual municipal report on equality.",
    "Young participants have formed mixed friendship groups that continue beyond the project. "
    "Many of them have become volunteers or peer leaders, passing on their experience to younger "
    "children in the neighbourhood.",
    "Cultural venues have attracted new audiences and involved artists of diverse origins in "
    "their programming. The festival has become one of the most popular events in the city "
    "calendar.",
    "The practice has contributed to a shift in public discourse, with local media giving more "
    "space to positive stories about diversity. Surveys show an improvement in residents' "
    "perceptions of migration over time.",
    "Newcomers access services earlier and with fewer obstacles, which has reduced the pressure "
    "on emergency support. The welcome approach is now part of the standard procedures of several "
    "municipal departments.",
    "Challenges remain, notably in securing long-term funding and reaching the most isolated "
    "residents. The city plans to consolidate the practice and to strengthen its evaluation with "
    "partners from civil society and academia.",
)

# Municipal bodies that lead a practice.
ORGANISATIONS: tuple[str, ...] = (
    "City Council Department of Social Rights",
    "Municipal Office for Diversity",
    "Department of Education and Youth",
    "Office for Intercultural Affairs",
    "Department of Culture and Heritage",
    "Citizen Participation Service",
    "Municipal Integration Centre",
    "Department of Health and Social Care",
    "Office of the Mayor",
    "Urban Planning and Housing Department",
    "Economic Development and Employment Agency",
    "Municipal Library Network",
    "Department of Sport and Leisure",
    "Equality and Non-Discrimination Unit",
    "Local Police Community Relations Unit",
    "Department of International Relations",
    "Welcome and Newcomer Services",
    "Neighbourhood Development Office",
)

# Generic, fictional partner organisations (no real people or bodies).
PARTNER_NAMES: tuple[str, ...] = (
    "Intercultural Dialogue Foundation",
    "Newcomers Support Association",
    "University Institute for Migration Studies",
    "Community Mediation Network",
    "Youth Across Borders",
    "Migrant Women's Collective",
    "Local Chamber of Commerce",
    "Interfaith Council",
    "Open Doors Refugee Alliance",
    "Centre for Human Rights Education",
    "Federation of Neighbourhood Associations",
    "Multilingual Families Network",
    "Arts for Inclusion Trust",
    "Roma Community Association",
    "Observatory on Racism and Discrimination",
    "Social Innovation Lab",
    "Regional Employment Service",
    "Public Health Foundation",
)

# Lower-case tag words.
KEYWORDS: tuple[str, ...] = (
    "migrants",
    "refugees",
    "newcomers",
    "youth",
    "children",
    "families",
    "women",
    "elderly",
    "roma",
    "anti-rumour",
    "anti-discrimination",
    "hate-speech",
    "mediation",
    "schools",
    "education",
    "participation",
    "neighbourhoods",
    "public-space",
    "housing",
    "health",
    "employment",
    "entrepreneurship",
    "business",
    "language",
    "libraries",
    "culture",
    "arts",
    "sport",
    "interfaith",
    "media",
    "policing",
    "welcome",
    "citizenship",
    "training",
    "volunteering",
    "diversity",
    "inclusion",
)

# Implementation period templates; the empty string means no period is shown.
PERIOD_PATTERNS: tuple[str, ...] = (
    "{year} - ongoing",
    "{year}-{end}",
    "Since {year}",
    "",
    "{year}",
    "{year} to {end}",
    "Ongoing since {year}",
)


class SeedPractice(TypedDict):
    title: str
    year: int
    country: str
    city: str
    topic_slugs: tuple[str, ...]
    summary: str
    paragraphs: tuple[str, ...]


# The cities abroad the Barcelona practice works with (its partner cities): name, ISO
# country code, latitude, longitude. Not in CITIES, so generated practices never use them.
PARTNER_CITY_PLACES: tuple[tuple[str, str, float, float], ...] = (
    ("Medellín", "CO", 6.2442, -75.5812),
    ("Maputo", "MZ", -25.9692, 32.5732),
    ("Havana", "CU", 23.1136, -82.3666),
)
PARTNER_CITIES = tuple((name, lat, lon) for name, _code, lat, lon in PARTNER_CITY_PLACES)

# The real seed practice, reproduced verbatim from the ICC good-practice database.
BARCELONA_PRACTICE: SeedPractice = {
    "title": "Barcelona and international municipalism",
    "year": 2018,
    "country": "ES",
    "city": "Barcelona",
    "topic_slugs": ("international-outlook", "leadership-and-political-commitment"),
    "summary": (
        "Barcelona pursues international municipalism through bilateral partnerships with other "
        "cities, active participation in international networks and a development cooperation "
        "policy oriented towards global justice. Direct cooperation with cities such as Medellin, "
        "Maputo and Havana has become a channel for horizontal exchange of knowledge and expertise."
    ),
    "paragraphs": (
        "Barcelona has a firm commitment to international municipalism, with two priority areas: "
        "promoting bilateral relations and joint work with other cities ─ to exchange knowledge "
        "and learn from cities that are benchmarks in various fields, and to promote common "
        "policies─ and to strengthen Barcelona's participation in the main international networks "
        "and bodies where the city is represented.",
        "The International Relations Department works closely with educational and research "
        "centres, think tanks and other institutions in the city to help raise awareness and "
        "build an engaged, responsible and critical citizenry, and to provide research and "
        "knowledge on priority issues related to the city in a global context.",
        "Barcelona City Council's development cooperation has become a distinctive and key policy "
        "that shows Barcelona's profile and leadership in the growing internationalist activism "
        "of cities and, also, the support and commitment to active solidarity of citizens and "
        "their organisations in civil society.",
        "The Barcelona Cooperation for Global Justice Master Plan 2018-2021 proposes to reinforce "
        "the goal of global justice, and emphasises the systemic causes that generate injustices, "
        "which are becoming global today. It questions aspects such as growth that does not "
        "consider negative externalities or the planet’s limits, often associated with certain "
        "modes of production, distribution, management and consumption and with certain social "
        "behaviour patterns. This scenario means including coherence of policies as a priority "
        "and accepting that the city’s global action will also generate negative impacts outside "
        "of its borders. Finally, it also requires giving Education for Global Justice a greater "
        "centrality in the implementation of the policy for shifting towards a truly "
        "transformative cooperation.",
        "The City Council has actively established direct cooperation with some cities, such as "
        "Medellin, Maputo, different Palestinian cities, Havana, and the Tangier-Tétouan "
        "corridor, among others. These experiences, based on horizontal dialogue and the "
        "reciprocity of the political and technical teams, have become true channels for the "
        "exchange of knowledge and technical expertise for institutional strengthening, the "
        "definition of policies and the provision of public services. All based on a municipal "
        "agenda, in which the participation of different departments was significant. This has "
        "become one of the main assets of the City Council’s cooperation.",
    ),
}
