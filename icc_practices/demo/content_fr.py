"""French translation of the demo content.

``FRENCH`` maps each English text fragment of :mod:`icc_practices.demo.content` (practice
titles, summaries, purpose, rationale, process and impact paragraphs, implementation periods,
lead organisations and the Barcelona seed practice) and each ICC topic name of
:data:`icc_practices.reference.ICC_TOPICS` to its French version. It is keyed by the English
text so that French translations of the demo practices can be built by looking up the very
fragments the English page was made from.

Like ``content``, this is plain Python data with no Django imports. Placeholders (``{city}``,
``{year}``, ``{end}``) are kept exactly as in the English text, to be filled with ``str.format``
after the lookup; no other braces appear. Sentences avoid "de {city}" so that no elision
(d'Amsterdam) is needed whatever the city name. A few fragments are the same in both languages
(the bare "{year}" and "{year}-{end}" periods); person and city names are not translated, and
the empty period pattern has no entry.
"""

FRENCH: dict[str, str] = {
    # Practice titles (content.PRACTICE_TITLE_PATTERNS).
    "{city} anti-rumour agents network": "Réseau d'agents anti-rumeurs à {city}",
    "Intercultural mediators in {city} schools": (
        "{city} : des médiateurs interculturels dans les écoles"
    ),
    "Welcome desk for newcomers": "Guichet d'accueil pour les nouveaux arrivants",
    "Multilingual library storytelling": "Heure du conte multilingue en bibliothèque",
    "{city} intercultural council": "Conseil interculturel à {city}",
    "Neighbourhood dialogue circles": "Cercles de dialogue de quartier",
    "Diversity charter for local employers": "Charte de la diversité pour les employeurs locaux",
    "Intercultural competence training for municipal staff": (
        "Formation aux compétences interculturelles pour le personnel municipal"
    ),
    "{city} welcome programme for refugees": "Programme d'accueil des réfugiés à {city}",
    "Language cafés in community centres": "Cafés des langues dans les centres socioculturels",
    "Mentoring scheme for migrant entrepreneurs": (
        "Programme de mentorat pour les entrepreneurs migrants"
    ),
    "Intercultural festival of {city}": "Festival interculturel à {city}",
    "Community mediation service in {city}": "Service de médiation citoyenne à {city}",
    "Anti-discrimination office and reporting platform": (
        "Bureau de lutte contre les discriminations et plateforme de signalement"
    ),
    "Inclusive sports clubs for newcomer youth": (
        "Clubs sportifs inclusifs pour les jeunes nouvellement arrivés"
    ),
    "Migrant women's leadership programme": "Programme de leadership pour les femmes migrantes",
    "{city} local integration strategy": "Stratégie locale d'intégration à {city}",
    "Intercultural Cities Index action plan": (
        "Plan d'action issu de l'Index des Cités interculturelles"
    ),
    "Participatory budgeting with diverse communities": (
        "Budget participatif avec des communautés diverses"
    ),
    "Parents as partners: intercultural school bridges": (
        "Les parents comme partenaires : des passerelles interculturelles entre l'école et les "
        "familles"
    ),
    "Shared histories: a migration museum for {city}": (
        "Histoires partagées : un musée des migrations pour {city}"
    ),
    "Interfaith dialogue platform": "Plateforme de dialogue interreligieux",
    "Diversity in municipal recruitment": "La diversité dans le recrutement municipal",
    "{city} city of sanctuary initiative": "{city}, ville refuge",
    "Buddy programme for newly arrived families": (
        "Programme de parrainage pour les familles nouvellement arrivées"
    ),
    "Intercultural urban gardens": "Jardins urbains interculturels",
    "Local media diversity lab": "Laboratoire de la diversité dans les médias locaux",
    "Co-designing public spaces with residents": "Concevoir les espaces publics avec les habitants",
    "Roma inclusion and school mediation": "Inclusion des Roms et médiation scolaire",
    "Youth ambassadors against hate speech": "Jeunes ambassadeurs contre le discours de haine",
    "{city} newcomer orientation guide": "Guide d'orientation pour les nouveaux arrivants à {city}",
    "Health mediators for migrant communities": (
        "Médiateurs de santé pour les communautés migrantes"
    ),
    "Intercultural housing and neighbourhood management": (
        "Logement interculturel et gestion de quartier"
    ),
    "Recognition of skills for foreign-trained professionals": (
        "Reconnaissance des compétences des professionnels formés à l'étranger"
    ),
    "Open doors day at places of worship": "Journée portes ouvertes dans les lieux de culte",
    "The diversity advantage in {city} business": (
        "{city} : l'avantage de la diversité pour les entreprises"
    ),
    "Multilingual municipal information service": "Service municipal d'information multilingue",
    "Community liaison officers in {city} local police": (
        "{city} : des agents de liaison avec les communautés dans la police municipale"
    ),
    "Culture for all: an inclusive arts programme": (
        "La culture pour tous : un programme artistique inclusif"
    ),
    "Community interpreters network": "Réseau d'interprètes communautaires",
    "{city} human library": "Bibliothèque vivante à {city}",
    "Civic participation school for foreign residents": (
        "École de participation citoyenne pour les résidents étrangers"
    ),
    "Intercultural after-school clubs": "Activités périscolaires interculturelles",
    "Anti-rumour campaign in {city} neighbourhoods": (
        "{city} : campagne anti-rumeurs dans les quartiers"
    ),
    "Consultative council of migrant residents": "Conseil consultatif des résidents migrants",
    "Digital inclusion workshops for newcomers": (
        "Ateliers d'inclusion numérique pour les nouveaux arrivants"
    ),
    "Intercultural early childhood education": "Éducation interculturelle de la petite enfance",
    "{city} intercultural plan": "Plan interculturel à {city}",
    "Refugee housing with host families": "Hébergement de réfugiés dans des familles d'accueil",
    "Intercultural training for teachers and youth workers": (
        "Formation interculturelle pour les enseignants et les animateurs jeunesse"
    ),
    # Summaries (content.SUMMARY_SENTENCES).
    (
        "The city brings residents of different backgrounds together to challenge stereotypes and "
        "build everyday trust in its neighbourhoods."
    ): (
        "La ville rassemble des habitants d'origines diverses pour remettre en cause les "
        "stéréotypes et construire au quotidien la confiance dans ses quartiers."
    ),
    (
        "{city} trains volunteers to counter rumours and prejudice about migrants with facts, "
        "empathy and dialogue."
    ): (
        "{city} forme des bénévoles pour contrer les rumeurs et les préjugés sur les migrants par "
        "les faits, l'empathie et le dialogue."
    ),
    (
        "A one-stop service helps newcomers to {city} find their way through housing, language "
        "courses, schools and employment support."
    ): (
        "Un guichet unique accompagne les personnes nouvellement arrivées à {city} dans leurs "
        "démarches : logement, cours de langue, scolarité et aide à l'emploi."
    ),
    (
        "The programme places trained intercultural mediators in schools to strengthen the "
        "relationship between families and teachers."
    ): (
        "Le programme place des médiateurs interculturels formés dans les écoles afin de renforcer "
        "la relation entre les familles et les enseignants."
    ),
    (
        "Migrant and refugee residents take part in an advisory council that gives them a direct "
        "voice in municipal decision-making."
    ): (
        "Des résidents migrants et réfugiés siègent dans un conseil consultatif qui leur donne "
        "directement la parole dans les décisions municipales."
    ),
    (
        "The municipality treats diversity as a resource for innovation and works with local "
        "businesses to open up recruitment and entrepreneurship."
    ): (
        "La municipalité considère la diversité comme une ressource pour l'innovation et travaille "
        "avec les entreprises locales pour ouvrir le recrutement et l'entrepreneuriat."
    ),
    (
        "Libraries across {city} offer multilingual storytelling sessions that value home "
        "languages and encourage families to read together."
    ): (
        "Partout à {city}, les bibliothèques proposent des heures du conte multilingues qui "
        "valorisent les langues familiales et encouragent les familles à lire ensemble."
    ),
    (
        "City staff follow a structured training path on intercultural competence, "
        "anti-discrimination and inclusive public service."
    ): (
        "Le personnel municipal suit un parcours de formation structuré sur les compétences "
        "interculturelles, la lutte contre les discriminations et un service public inclusif."
    ),
    (
        "A neighbourhood-based mediation service helps residents resolve everyday conflicts before "
        "they escalate into tension between communities."
    ): (
        "Un service de médiation de quartier aide les habitants à résoudre les conflits du "
        "quotidien avant qu'ils ne dégénèrent en tensions entre communautés."
    ),
    (
        "The initiative uses sport as a shared language to connect young newcomers with local "
        "clubs, coaches and peers."
    ): (
        "L'initiative fait du sport un langage commun pour mettre les jeunes nouvellement arrivés "
        "en relation avec les clubs, les entraîneurs et les jeunes de leur âge."
    ),
    (
        "{city} has adopted a cross-departmental intercultural strategy with clear objectives, "
        "indicators and a dedicated budget."
    ): (
        "{city} a adopté une stratégie interculturelle transversale, dotée d'objectifs clairs, "
        "d'indicateurs et d'un budget dédié."
    ),
    (
        "Residents, artists and community organisations co-create a yearly festival that "
        "celebrates the plural identity of {city}."
    ): (
        "Habitants, artistes et associations créent ensemble un festival annuel qui célèbre, à "
        "{city}, l'identité plurielle de la ville."
    ),
    (
        "An accessible reporting platform allows victims and witnesses of discrimination to seek "
        "advice and support from the municipality."
    ): (
        "Une plateforme de signalement accessible permet aux victimes et aux témoins de "
        "discriminations d'obtenir conseils et soutien auprès de la municipalité."
    ),
    (
        "Women with a migrant background are supported to take up leadership roles in local "
        "associations, schools and civic life."
    ): (
        "Les femmes issues de l'immigration sont accompagnées pour assumer des responsabilités "
        "dans les associations locales, les écoles et la vie citoyenne."
    ),
    # Purpose (content.PURPOSE_PARAGRAPHS).
    (
        "The main purpose of the practice is to make diversity a visible and shared advantage for "
        "{city}. It aims to move beyond tolerance towards real interaction between people of "
        "different origins, languages and beliefs."
    ): (
        "L'objectif principal de la pratique est de faire de la diversité un avantage visible et "
        "partagé pour {city}. Elle vise à dépasser la simple tolérance pour favoriser une "
        "véritable interaction entre des personnes d'origines, de langues et de convictions "
        "différentes."
    ),
    (
        "The initiative seeks to ensure that newcomers can access municipal services on an equal "
        "footing with long-term residents. It also aims to reduce the time it takes for new "
        "arrivals to feel at home and to participate in local life."
    ): (
        "L'initiative vise à garantir aux nouveaux arrivants un accès aux services municipaux sur "
        "un pied d'égalité avec les résidents de longue date. Elle cherche également à réduire le "
        "temps dont les personnes nouvellement arrivées ont besoin pour se sentir chez elles et "
        "participer à la vie locale."
    ),
    (
        "The programme aims to counter prejudice and stereotypes that circulate in everyday "
        "conversations and on social media. By equipping residents with facts and dialogue skills, "
        "it seeks to create a more welcoming climate in the city."
    ): (
        "Le programme vise à contrer les préjugés et les stéréotypes qui circulent dans les "
        "conversations quotidiennes et sur les réseaux sociaux. En donnant aux habitants des faits "
        "et des compétences de dialogue, il cherche à créer un climat plus accueillant dans la "
        "ville."
    ),
    (
        "Its purpose is to strengthen trust between schools and families with a migrant "
        "background. Mediators help parents understand the education system and help teachers "
        "understand the needs and resources of the families."
    ): (
        "La pratique a pour objectif de renforcer la confiance entre les écoles et les familles "
        "issues de l'immigration. Les médiateurs aident les parents à comprendre le système "
        "éducatif et les enseignants à comprendre les besoins et les ressources des familles."
    ),
    (
        "The practice aims to give residents of foreign origin a real voice in local policy. It "
        "creates a permanent channel through which their experiences and proposals reach elected "
        "officials and municipal departments."
    ): (
        "La pratique vise à donner aux résidents d'origine étrangère une véritable voix dans les "
        "politiques locales. Elle crée un canal permanent par lequel leurs expériences et leurs "
        "propositions parviennent aux élus et aux services municipaux."
    ),
    (
        "The objective is to prevent and manage conflicts in shared public spaces. The service "
        "encourages neighbours to talk to each other and to find their own solutions with the help "
        "of trained mediators."
    ): (
        "L'objectif est de prévenir et de gérer les conflits dans les espaces publics partagés. Le "
        "service encourage les voisins à se parler et à trouver leurs propres solutions avec "
        "l'aide de médiateurs formés."
    ),
    (
        "The initiative aims to build the intercultural competence of municipal staff. Frontline "
        "workers, managers and elected representatives learn to recognise bias and to adapt "
        "services to a diverse population."
    ): (
        "L'initiative vise à développer les compétences interculturelles du personnel municipal. "
        "Agents de première ligne, cadres et élus apprennent à reconnaître les préjugés et à "
        "adapter les services à une population diverse."
    ),
    (
        "The purpose is to make {city} a place where everybody can enjoy culture, regardless of "
        "origin, language or income. Cultural institutions are encouraged to reflect the diversity "
        "of the city in their programmes, staff and audiences."
    ): (
        "L'objectif est que {city} soit une ville où chacun peut profiter de la culture, quels que "
        "soient son origine, sa langue ou ses revenus. Les institutions culturelles sont "
        "encouragées à refléter la diversité de la ville dans leur programmation, leur personnel "
        "et leurs publics."
    ),
    (
        "The programme seeks to unlock the economic potential of diversity. It supports migrant "
        "entrepreneurs, promotes inclusive recruitment and connects local employers with "
        "foreign-trained professionals."
    ): (
        "Le programme cherche à libérer le potentiel économique de la diversité. Il soutient les "
        "entrepreneurs migrants, promeut un recrutement inclusif et met en relation les employeurs "
        "locaux avec des professionnels formés à l'étranger."
    ),
    (
        "The practice aims to prevent discrimination and to support those who experience it. It "
        "offers advice, mediation and, where necessary, legal guidance, while collecting data that "
        "inform municipal policy."
    ): (
        "La pratique vise à prévenir les discriminations et à soutenir les personnes qui en sont "
        "victimes. Elle offre des conseils, une médiation et, si nécessaire, un accompagnement "
        "juridique, tout en recueillant des données qui éclairent la politique municipale."
    ),
    (
        "Its goal is to create safe and mixed spaces where young people of different backgrounds "
        "can meet. Through sport, arts and volunteering, the initiative builds friendships that "
        "cross ethnic and social boundaries."
    ): (
        "Son objectif est de créer des espaces sûrs et mixtes où des jeunes d'origines différentes "
        "peuvent se rencontrer. Par le sport, les arts et le bénévolat, l'initiative fait naître "
        "des amitiés qui dépassent les frontières ethniques et sociales."
    ),
    (
        "The initiative aims to embed the intercultural approach across all municipal policies "
        "rather than treating it as a separate sector. It provides a common framework, shared "
        "language and clear responsibilities for every department."
    ): (
        "L'initiative vise à intégrer l'approche interculturelle dans l'ensemble des politiques "
        "municipales plutôt que de la traiter comme un secteur à part. Elle fournit un cadre "
        "commun, un langage partagé et des responsabilités claires à chaque service."
    ),
    (
        "The purpose is to make public information understandable to all residents. Key municipal "
        "services are explained in several languages and in plain language, with support from "
        "community interpreters."
    ): (
        "L'objectif est de rendre l'information publique compréhensible pour tous les habitants. "
        "Les principaux services municipaux sont présentés en plusieurs langues et en langage "
        "clair, avec l'appui d'interprètes communautaires."
    ),
    # Rationale (content.RATIONALE_PARAGRAPHS).
    (
        "Over the last two decades {city} has become increasingly diverse, with residents from "
        "more than one hundred countries. The city council recognised that this diversity could "
        "only become an advantage if it was actively managed through inclusive policies."
    ): (
        "Au cours des deux dernières décennies, la diversité s'est fortement accrue à {city}, dont "
        "les habitants sont originaires de plus de cent pays. Le conseil municipal a reconnu que "
        "cette diversité ne pouvait devenir un avantage que si elle était gérée activement au "
        "moyen de politiques inclusives."
    ),
    (
        "Surveys carried out by the municipality showed that many residents held negative "
        "perceptions of migrants, often based on rumours rather than facts. These perceptions were "
        "undermining social cohesion and the success of integration policies."
    ): (
        "Des enquêtes menées par la municipalité ont montré que de nombreux habitants avaient une "
        "perception négative des migrants, souvent fondée sur des rumeurs plutôt que sur des "
        "faits. Ces perceptions fragilisaient la cohésion sociale et compromettaient la réussite "
        "des politiques d'intégration."
    ),
    (
        "Families with a migrant background were found to have less contact with schools and lower "
        "participation in parents' associations. Teachers reported difficulties in communicating "
        "with parents and in understanding the needs of their pupils."
    ): (
        "Il est apparu que les familles issues de l'immigration avaient moins de contacts avec "
        "l'école et participaient moins aux associations de parents d'élèves. Les enseignants "
        "faisaient état de difficultés à communiquer avec les parents et à comprendre les besoins "
        "de leurs élèves."
    ),
    (
        "Residents of foreign origin represent a significant share of the population but were "
        "largely absent from participatory processes. The city wanted to close this democratic gap "
        "and make its institutions more representative."
    ): (
        "Les résidents d'origine étrangère représentent une part importante de la population, mais "
        "ils étaient largement absents des processus participatifs. La ville voulait combler ce "
        "déficit démocratique et rendre ses institutions plus représentatives."
    ),
    (
        "Several neighbourhoods had experienced tensions linked to the use of shared spaces, noise "
        "and different expectations about community life. Traditional responses based on policing "
        "alone had proved insufficient."
    ): (
        "Plusieurs quartiers avaient connu des tensions liées à l'usage des espaces partagés, au "
        "bruit et à des attentes différentes en matière de vie collective. Les réponses "
        "traditionnelles, fondées sur la seule action policière, s'étaient révélées insuffisantes."
    ),
    (
        "The Intercultural Cities Index revealed that municipal staff had limited training on "
        "diversity and discrimination. The city decided to invest in the skills of its workforce "
        "as a precondition for better public services."
    ): (
        "L'Index des Cités interculturelles a révélé que le personnel municipal était peu formé à "
        "la diversité et aux discriminations. La ville a décidé d'investir dans les compétences de "
        "ses agents, condition préalable à de meilleurs services publics."
    ),
    (
        "The arrival of large numbers of refugees in a short period put pressure on housing, "
        "schools and social services. The city chose to respond with a welcoming approach that "
        "involves the whole community rather than only specialised agencies."
    ): (
        "L'arrivée d'un grand nombre de réfugiés en peu de temps a mis sous pression le logement, "
        "les écoles et les services sociaux. La ville a choisi d'y répondre par une démarche "
        "d'accueil qui mobilise l'ensemble de la population plutôt que les seuls organismes "
        "spécialisés."
    ),
    (
        "Migrant residents were over-represented in unemployment figures despite having valuable "
        "qualifications and experience. Local businesses, at the same time, reported shortages of "
        "skilled workers and limited knowledge of diverse markets."
    ): (
        "Les résidents migrants étaient surreprésentés dans les chiffres du chômage, alors qu'ils "
        "disposaient de qualifications et d'une expérience précieuses. Dans le même temps, les "
        "entreprises locales signalaient des pénuries de main-d'œuvre qualifiée et une "
        "connaissance limitée des marchés diversifiés."
    ),
    (
        "Reports from local organisations indicated that discrimination in housing, employment and "
        "leisure was widespread but rarely reported. Victims did not know where to turn or did not "
        "trust that their complaints would be taken seriously."
    ): (
        "Selon les organisations locales, les discriminations dans le logement, l'emploi et les "
        "loisirs étaient répandues mais rarement signalées. Les victimes ne savaient pas vers qui "
        "se tourner ou doutaient que leurs plaintes soient prises au sérieux."
    ),
    (
        "Young people from different backgrounds often live side by side without meeting. The city "
        "recognised that leisure time is a powerful opportunity to build lasting relationships and "
        "a shared sense of belonging."
    ): (
        "Les jeunes d'origines différentes vivent souvent côte à côte sans se rencontrer. La ville "
        "a reconnu que le temps libre offre une occasion précieuse de nouer des relations durables "
        "et de développer un sentiment d'appartenance commun."
    ),
    (
        "The intercultural approach is grounded in the principles of equality, recognition of "
        "diversity and positive interaction. {city} joined the Intercultural Cities programme to "
        "put these principles into practice across its policies."
    ): (
        "L'approche interculturelle repose sur les principes d'égalité, de reconnaissance de la "
        "diversité et d'interaction positive. {city} a rejoint le programme des Cités "
        "interculturelles pour mettre ces principes en pratique dans l'ensemble de ses politiques."
    ),
    (
        "Language barriers were identified as one of the main obstacles to accessing services. "
        "Newcomers frequently relied on children or informal helpers to understand official "
        "letters, medical appointments and school meetings."
    ): (
        "Les barrières linguistiques ont été identifiées comme l'un des principaux obstacles à "
        "l'accès aux services. Les nouveaux arrivants comptaient souvent sur leurs enfants ou sur "
        "des aides informelles pour comprendre les courriers officiels, les rendez-vous médicaux "
        "et les réunions scolaires."
    ),
    (
        "Cultural institutions in {city} were attracting audiences that did not reflect the "
        "diversity of the population. The city saw culture as a key space for encounter and for "
        "telling a shared story of the city."
    ): (
        "À {city}, les institutions culturelles attiraient des publics qui ne reflétaient pas la "
        "diversité de la population. La ville voyait dans la culture un espace essentiel de "
        "rencontre et de construction d'un récit commun de la ville."
    ),
    # Process (content.PROCESS_PARAGRAPHS).
    (
        "The practice was designed through a participatory process involving municipal "
        "departments, community organisations and residents. Working groups met over several "
        "months to define priorities, target groups and a shared action plan."
    ): (
        "La pratique a été conçue dans le cadre d'une démarche participative associant les "
        "services municipaux, les associations et les habitants. Des groupes de travail se sont "
        "réunis pendant plusieurs mois pour définir les priorités, les publics cibles et un plan "
        "d'action commun."
    ),
    (
        "A coordinator based in the municipal diversity office manages the programme and works "
        "with a network of partner organisations. Activities are planned annually and reviewed at "
        "a steering group that includes civil society representatives."
    ): (
        "Un coordinateur rattaché au bureau municipal de la diversité pilote le programme et "
        "travaille avec un réseau d'organisations partenaires. Les activités sont planifiées "
        "chaque année et examinées par un comité de pilotage qui comprend des représentants de la "
        "société civile."
    ),
    (
        "Volunteers are recruited through open calls and receive an initial training of about "
        "twenty hours. They then organise activities in their own neighbourhoods, supported by "
        "coaching sessions and a shared toolkit of materials."
    ): (
        "Les bénévoles sont recrutés par appel à candidatures et suivent une formation initiale "
        "d'une vingtaine d'heures. Ils organisent ensuite des activités dans leur propre quartier, "
        "avec l'appui de séances d'accompagnement et d'une boîte à outils commune."
    ),
    (
        "Mediators are recruited from the communities concerned and trained in conflict "
        "management, confidentiality and the functioning of local institutions. They work in pairs "
        "and meet regularly to exchange experience and difficulties."
    ): (
        "Les médiateurs sont recrutés au sein des communautés concernées et formés à la gestion "
        "des conflits, à la confidentialité et au fonctionnement des institutions locales. Ils "
        "travaillent en binôme et se réunissent régulièrement pour échanger sur leurs expériences "
        "et leurs difficultés."
    ),
    (
        "The city allocated a dedicated budget and integrated the practice into its intercultural "
        "strategy. Funding was complemented by national programmes and European projects, which "
        "allowed the initiative to be tested and scaled up."
    ): (
        "La ville a alloué un budget dédié et intégré la pratique à sa stratégie interculturelle. "
        "Ce financement a été complété par des programmes nationaux et des projets européens, qui "
        "ont permis de tester l'initiative puis de la déployer à plus grande échelle."
    ),
    (
        "Activities take place in schools, libraries, community centres and public squares to "
        "reach people where they already are. Information is shared in several languages through "
        "social media, local radio and community leaders."
    ): (
        "Les activités se déroulent dans les écoles, les bibliothèques, les centres socioculturels "
        "et sur les places publiques, afin d'aller à la rencontre des habitants là où ils se "
        "trouvent. L'information est diffusée en plusieurs langues par les réseaux sociaux, la "
        "radio locale et les personnes relais des communautés."
    ),
    (
        "The consultative body meets four times a year and is supported by a secretariat within "
        "the city administration. Its members are elected by residents of foreign origin and may "
        "submit proposals that departments must answer in writing."
    ): (
        "L'organe consultatif se réunit quatre fois par an et s'appuie sur un secrétariat au sein "
        "de l'administration municipale. Ses membres sont élus par les résidents d'origine "
        "étrangère et peuvent soumettre des propositions auxquelles les services doivent répondre "
        "par écrit."
    ),
    (
        "Training sessions combine short presentations, case studies and role play. Participants "
        "are invited to analyse their own practice and to propose concrete changes in their "
        "services, which are then followed up by their managers."
    ): (
        "Les sessions de formation associent de courtes présentations, des études de cas et des "
        "jeux de rôle. Les participants sont invités à analyser leur propre pratique et à proposer "
        "des changements concrets dans leurs services, dont le suivi est ensuite assuré par leur "
        "hiérarchie."
    ),
    (
        "The project started as a pilot in two neighbourhoods of {city}. After a positive "
        "evaluation, the approach was extended to the whole city and embedded in the regular work "
        "of municipal services."
    ): (
        "Le projet a d'abord été expérimenté à {city} dans deux quartiers pilotes. À la suite "
        "d'une évaluation positive, la démarche a été étendue à l'ensemble de la ville et intégrée "
        "au travail courant des services municipaux."
    ),
    (
        "Local businesses sign a voluntary charter and commit to concrete measures on recruitment, "
        "training and workplace inclusion. The city offers guidance, networking events and public "
        "recognition for the most committed employers."
    ): (
        "Les entreprises locales signent une charte volontaire et s'engagent à prendre des mesures "
        "concrètes en matière de recrutement, de formation et d'inclusion au travail. La ville "
        "leur apporte des conseils, organise des rencontres de mise en réseau et distingue "
        "publiquement les employeurs les plus engagés."
    ),
    (
        "Residents were involved from the beginning through workshops, walks in the neighbourhood "
        "and online consultations. Their proposals shaped both the content of the activities and "
        "the way they are communicated."
    ): (
        "Les habitants ont été associés dès le départ au moyen d'ateliers, de marches "
        "exploratoires dans le quartier et de consultations en ligne. Leurs propositions ont "
        "façonné à la fois le contenu des activités et la manière dont elles sont communiquées."
    ),
    (
        "An interdepartmental working group ensures coordination between education, social "
        "services, culture, sport and urban planning. Each department nominates a contact person "
        "responsible for intercultural issues."
    ): (
        "Un groupe de travail interservices assure la coordination entre l'éducation, l'action "
        "sociale, la culture, le sport et l'urbanisme. Chaque service désigne un référent chargé "
        "des questions interculturelles."
    ),
    (
        "The practice is evaluated through a mix of surveys, focus groups and service data. "
        "Results are discussed with partners every year and used to adjust objectives and "
        "activities."
    ): (
        "La pratique est évaluée au moyen d'enquêtes, de groupes de discussion et de données "
        "d'activité des services. Les résultats sont examinés chaque année avec les partenaires et "
        "servent à ajuster les objectifs et les activités."
    ),
    # Impact (content.IMPACT_PARAGRAPHS).
    (
        "Since its launch, the initiative has reached several thousand residents and trained "
        "hundreds of volunteers. Participants report a better understanding of diversity and a "
        "greater willingness to challenge prejudice in their daily lives."
    ): (
        "Depuis son lancement, l'initiative a touché plusieurs milliers d'habitants et formé des "
        "centaines de bénévoles. Les participants font état d'une meilleure compréhension de la "
        "diversité et d'une plus grande volonté de remettre en cause les préjugés au quotidien."
    ),
    (
        "Evaluations show increased participation of migrant families in school life and improved "
        "communication between parents and teachers. Schools involved in the programme have also "
        "recorded fewer conflicts and lower rates of absenteeism."
    ): (
        "Les évaluations montrent une participation accrue des familles migrantes à la vie "
        "scolaire et une meilleure communication entre parents et enseignants. Les écoles "
        "participant au programme ont également enregistré moins de conflits et un absentéisme "
        "plus faible."
    ),
    (
        "The practice has strengthened trust between residents and the municipality. People of "
        "foreign origin are now more visible in local decision-making, and several of their "
        "proposals have been incorporated into municipal policies."
    ): (
        "La pratique a renforcé la confiance entre les habitants et la municipalité. Les personnes "
        "d'origine étrangère sont désormais plus visibles dans la prise de décision locale, et "
        "plusieurs de leurs propositions ont été intégrées aux politiques municipales."
    ),
    (
        "Conflicts in shared public spaces have decreased in the neighbourhoods where mediation is "
        "available. Residents say they feel more confident to address problems directly and to ask "
        "for help when needed."
    ): (
        "Les conflits dans les espaces publics partagés ont diminué dans les quartiers où la "
        "médiation est disponible. Les habitants disent se sentir plus à l'aise pour aborder "
        "directement les problèmes et demander de l'aide en cas de besoin."
    ),
    (
        "Municipal staff report that the training has changed the way they interact with service "
        "users. Several departments have revised their procedures, forms and communication to make "
        "them more accessible."
    ): (
        "Le personnel municipal indique que la formation a changé sa manière d'interagir avec les "
        "usagers. Plusieurs services ont revu leurs procédures, leurs formulaires et leur "
        "communication pour les rendre plus accessibles."
    ),
    (
        "The initiative has become a reference at national level and has been transferred to other "
        "cities of the Intercultural Cities network. {city} regularly hosts study visits and "
        "shares its tools with peers."
    ): (
        "L'initiative est devenue une référence au niveau national et a été transférée à d'autres "
        "villes du réseau des Cités interculturelles. {city} accueille régulièrement des visites "
        "d'étude et partage ses outils avec ses pairs."
    ),
    (
        "Employers who signed the diversity charter have diversified their workforce and report "
        "benefits in innovation and customer relations. Migrant entrepreneurs have gained easier "
        "access to finance, advice and local networks."
    ): (
        "Les employeurs signataires de la charte de la diversité ont diversifié leurs effectifs et "
        "constatent des bénéfices en matière d'innovation et de relation client. Les entrepreneurs "
        "migrants ont obtenu un accès facilité au financement, aux conseils et aux réseaux locaux."
    ),
    (
        "The number of discrimination complaints registered has grown, which is interpreted as a "
        "sign of increased trust and awareness rather than of more incidents. Data collected now "
        "inform the annual municipal report on equality."
    ): (
        "Le nombre de plaintes pour discrimination enregistrées a augmenté, ce qui est interprété "
        "comme le signe d'une confiance et d'une sensibilisation accrues plutôt que d'une hausse "
        "des incidents. Les données recueillies alimentent désormais le rapport municipal annuel "
        "sur l'égalité."
    ),
    (
        "Young participants have formed mixed friendship groups that continue beyond the project. "
        "Many of them have become volunteers or peer leaders, passing on their experience to "
        "younger children in the neighbourhood."
    ): (
        "Les jeunes participants ont formé des groupes d'amis mixtes qui perdurent au-delà du "
        "projet. Beaucoup d'entre eux sont devenus bénévoles ou pairs animateurs et transmettent "
        "leur expérience aux plus jeunes du quartier."
    ),
    (
        "Cultural venues have attracted new audiences and involved artists of diverse origins in "
        "their programming. The festival has become one of the most popular events in the city "
        "calendar."
    ): (
        "Les lieux culturels ont attiré de nouveaux publics et associé à leur programmation des "
        "artistes d'origines diverses. Le festival est devenu l'un des événements les plus "
        "populaires du calendrier de la ville."
    ),
    (
        "The practice has contributed to a shift in public discourse, with local media giving more "
        "space to positive stories about diversity. Surveys show an improvement in residents' "
        "perceptions of migration over time."
    ): (
        "La pratique a contribué à faire évoluer le discours public, les médias locaux accordant "
        "davantage de place aux récits positifs sur la diversité. Les enquêtes montrent une "
        "amélioration progressive de la perception des migrations par les habitants."
    ),
    (
        "Newcomers access services earlier and with fewer obstacles, which has reduced the "
        "pressure on emergency support. The welcome approach is now part of the standard "
        "procedures of several municipal departments."
    ): (
        "Les nouveaux arrivants accèdent aux services plus tôt et avec moins d'obstacles, ce qui a "
        "réduit la pression sur l'aide d'urgence. La démarche d'accueil fait désormais partie des "
        "procédures habituelles de plusieurs services municipaux."
    ),
    (
        "Challenges remain, notably in securing long-term funding and reaching the most isolated "
        "residents. The city plans to consolidate the practice and to strengthen its evaluation "
        "with partners from civil society and academia."
    ): (
        "Des défis subsistent, notamment pour garantir un financement à long terme et atteindre "
        "les habitants les plus isolés. La ville prévoit de consolider la pratique et de renforcer "
        "son évaluation avec des partenaires de la société civile et du monde universitaire."
    ),
    # Implementation periods (content.PERIOD_PATTERNS; the empty pattern needs no entry).
    "{year} - ongoing": "{year} - en cours",
    "ongoing": "en cours",
    "{year}-{end}": "{year}-{end}",
    "Since {year}": "Depuis {year}",
    "{year}": "{year}",
    "{year} to {end}": "De {year} à {end}",
    "Ongoing since {year}": "En cours depuis {year}",
    # Lead organisations (content.ORGANISATIONS).
    "City Council Department of Social Rights": "Direction des droits sociaux de la municipalité",
    "Municipal Office for Diversity": "Bureau municipal de la diversité",
    "Department of Education and Youth": "Direction de l'éducation et de la jeunesse",
    "Office for Intercultural Affairs": "Bureau des affaires interculturelles",
    "Department of Culture and Heritage": "Direction de la culture et du patrimoine",
    "Citizen Participation Service": "Service de la participation citoyenne",
    "Municipal Integration Centre": "Centre municipal d'intégration",
    "Department of Health and Social Care": "Direction de la santé et de l'action sociale",
    "Office of the Mayor": "Cabinet du maire",
    "Urban Planning and Housing Department": "Direction de l'urbanisme et du logement",
    "Economic Development and Employment Agency": (
        "Agence de développement économique et de l'emploi"
    ),
    "Municipal Library Network": "Réseau des bibliothèques municipales",
    "Department of Sport and Leisure": "Direction des sports et des loisirs",
    "Equality and Non-Discrimination Unit": "Service de l'égalité et de la non-discrimination",
    "Local Police Community Relations Unit": (
        "Unité des relations avec la population de la police municipale"
    ),
    "Department of International Relations": "Direction des relations internationales",
    "Welcome and Newcomer Services": "Services d'accueil des nouveaux arrivants",
    "Neighbourhood Development Office": "Bureau du développement des quartiers",
    # The Barcelona seed practice (content.BARCELONA_PRACTICE), then the values of its page that
    # builder.barcelona_spec() sets itself (lead organisation, partners, link title).
    "Barcelona and international municipalism": "Barcelone et le municipalisme international",
    (
        "Barcelona pursues international municipalism through bilateral partnerships with other "
        "cities, active participation in international networks and a development cooperation "
        "policy oriented towards global justice. Direct cooperation with cities such as Medellin, "
        "Maputo and Havana has become a channel for horizontal exchange of knowledge and expertise."
    ): (
        "Barcelone mène une politique de municipalisme international fondée sur des partenariats "
        "bilatéraux avec d'autres villes, une participation active aux réseaux internationaux et "
        "une politique de coopération au développement orientée vers la justice mondiale. La "
        "coopération directe avec des villes comme Medellín, Maputo et La Havane est devenue un "
        "canal d'échange horizontal de connaissances et de savoir-faire."
    ),
    (
        "Barcelona has a firm commitment to international municipalism, with two priority areas: "
        "promoting bilateral relations and joint work with other cities ─ to exchange knowledge "
        "and learn from cities that are benchmarks in various fields, and to promote common "
        "policies─ and to strengthen Barcelona's participation in the main international networks "
        "and bodies where the city is represented."
    ): (
        "Barcelone est fermement engagée en faveur du municipalisme international, avec deux axes "
        "prioritaires : promouvoir les relations bilatérales et le travail conjoint avec d'autres "
        "villes – afin d'échanger des connaissances, d'apprendre de villes qui font référence dans "
        "différents domaines et de promouvoir des politiques communes – et renforcer la "
        "participation de Barcelone aux principaux réseaux et organismes internationaux où la "
        "ville est représentée."
    ),
    (
        "The International Relations Department works closely with educational and research "
        "centres, think tanks and other institutions in the city to help raise awareness and build "
        "an engaged, responsible and critical citizenry, and to provide research and knowledge on "
        "priority issues related to the city in a global context."
    ): (
        "La Direction des relations internationales travaille en étroite collaboration avec les "
        "centres d'enseignement et de recherche, les groupes de réflexion et d'autres institutions "
        "de la ville pour contribuer à sensibiliser et à former une citoyenneté engagée, "
        "responsable et critique, ainsi que pour produire des recherches et des connaissances sur "
        "des questions prioritaires pour la ville dans un contexte mondial."
    ),
    (
        "Barcelona City Council's development cooperation has become a distinctive and key policy "
        "that shows Barcelona's profile and leadership in the growing internationalist activism of "
        "cities and, also, the support and commitment to active solidarity of citizens and their "
        "organisations in civil society."
    ): (
        "La coopération au développement de la mairie de Barcelone est devenue une politique "
        "distinctive et essentielle, qui illustre le profil et le leadership de Barcelone dans "
        "l'activisme internationaliste croissant des villes, ainsi que le soutien et l'engagement "
        "en faveur de la solidarité active des citoyens et de leurs organisations de la société "
        "civile."
    ),
    (
        "The Barcelona Cooperation for Global Justice Master Plan 2018-2021 proposes to reinforce "
        "the goal of global justice, and emphasises the systemic causes that generate injustices, "
        "which are becoming global today. It questions aspects such as growth that does not "
        "consider negative externalities or the planet’s limits, often associated with certain "
        "modes of production, distribution, management and consumption and with certain social "
        "behaviour patterns. This scenario means including coherence of policies as a priority and "
        "accepting that the city’s global action will also generate negative impacts outside of "
        "its borders. Finally, it also requires giving Education for Global Justice a greater "
        "centrality in the implementation of the policy for shifting towards a truly "
        "transformative cooperation."
    ): (
        "Le Plan directeur de la coopération de Barcelone pour la justice mondiale 2018-2021 "
        "propose de renforcer l'objectif de justice mondiale et met l'accent sur les causes "
        "systémiques qui engendrent des injustices, aujourd'hui devenues mondiales. Il remet en "
        "question des aspects tels qu'une croissance qui ne tient compte ni des externalités "
        "négatives ni des limites de la planète, souvent associée à certains modes de production, "
        "de distribution, de gestion et de consommation ainsi qu'à certains modèles de "
        "comportement social. Ce contexte implique de faire de la cohérence des politiques une "
        "priorité et d'accepter que l'action mondiale de la ville produise aussi des effets "
        "négatifs au-delà de ses frontières. Enfin, il exige de donner à l'éducation à la justice "
        "mondiale une place plus centrale dans la mise en œuvre de cette politique, afin d'évoluer "
        "vers une coopération véritablement transformatrice."
    ),
    (
        "The City Council has actively established direct cooperation with some cities, such as "
        "Medellin, Maputo, different Palestinian cities, Havana, and the Tangier-Tétouan corridor, "
        "among others. These experiences, based on horizontal dialogue and the reciprocity of the "
        "political and technical teams, have become true channels for the exchange of knowledge "
        "and technical expertise for institutional strengthening, the definition of policies and "
        "the provision of public services. All based on a municipal agenda, in which the "
        "participation of different departments was significant. This has become one of the main "
        "assets of the City Council’s cooperation."
    ): (
        "La mairie a activement noué une coopération directe avec plusieurs villes, notamment "
        "Medellín, Maputo, différentes villes palestiniennes, La Havane et le corridor "
        "Tanger-Tétouan. Ces expériences, fondées sur un dialogue horizontal et sur la réciprocité "
        "entre équipes politiques et techniques, sont devenues de véritables canaux d'échange de "
        "connaissances et d'expertise technique au service du renforcement institutionnel, de la "
        "définition des politiques et de la fourniture des services publics. Le tout s'appuie sur "
        "un agenda municipal auquel différents services ont largement participé. C'est devenu l'un "
        "des principaux atouts de la coopération de la mairie."
    ),
    "Barcelona City Council, International Relations Department": (
        "Mairie de Barcelone, direction des relations internationales"
    ),
    "Barcelona City Council": "Mairie de Barcelone",
    "Educational and research centres": "Centres d'enseignement et de recherche",
    "Think tanks": "Groupes de réflexion",
    "Civil society": "Société civile",
    # Topic names (reference.ICC_TOPICS), in the wording of the ICC's French pages.
    "Anti-discrimination and Equality": "Anti-discrimination et égalité",
    "Anti-rumour": "Anti-rumeurs",
    "Business and Employment": "Entreprises et emploi",
    "Communication and public awareness": "Communication et sensibilisation du public",
    "Culture, Leisure and Heritage": "Culture, loisirs et patrimoine",
    "Developing a culture of openness and Interculturality": (
        "Développer une culture d'ouverture et d'interculturalité"
    ),
    "Education": "Éducation",
    "Gender equality and Intersectionality": "Égalité de genre et intersectionnalité",
    "Health, Social care and Family support": "Santé, action sociale et soutien aux familles",
    "Housing and urban planning": "Logement et urbanisme",
    "International outlook": "Ouverture internationale",
    "Leadership and Political Commitment": "Leadership et engagement politique",
    "Mediation and conflict resolution": "Médiation et résolution des conflits",
    "Multilingualism": "Multilinguisme",
    "Neighbourhood": "Quartier",
    "Political and public participation": "Participation politique et citoyenne",
    "Public and Community Services": "Services publics et communautaires",
    "Refugees": "Réfugiés",
    "Religion and Interfaith": "Religion et dialogue interreligieux",
    "Roma": "Roms",
    "Security, Justice and Safety": "Sécurité, justice et sûreté",
    "Welcoming and social integration": "Accueil et intégration sociale",
}
