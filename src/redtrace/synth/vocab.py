"""Word pools the synthetic world draws names, places and contacts from.

Arabic given names and family names are listed as their common Latin renderings: the first form
is the one a watchlist would carry, the others are what a clerk in another country might type.
Turkish forms keep their letters (ş, ı, ğ...), so dropping diacritics is a realistic variant.
"""

from __future__ import annotations

ARABIC_GIVEN: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohamad", "Muhammed", "Mohammad"),
    ("Ahmad", "Ahmed", "Ahmet"),
    ("Abdul Rahman", "Abdulrahman", "Abd al-Rahman", "Abdelrahman", "Abdurrahman"),
    ("Abdullah", "Abdallah", "Abdulla"),
    ("Omar", "Umar", "Omer"),
    ("Hussein", "Husain", "Hussain", "Husayn"),
    ("Khalid", "Khaled", "Halid"),
    ("Yusuf", "Yousef", "Youssef", "Yussuf"),
    ("Ibrahim", "Ebrahim", "Ibraheem"),
    ("Mustafa", "Moustafa", "Mostafa"),
    ("Ali",),
    ("Hassan", "Hasan"),
    ("Saleh", "Salih"),
    ("Walid", "Waleed"),
    ("Faisal", "Faysal", "Feisal"),
    ("Jamal", "Gamal", "Djamal"),
    ("Osama", "Usama", "Usamah"),
    ("Bilal",),
    ("Hamza", "Hamzah"),
    ("Tariq", "Tarek", "Tarik"),
    ("Ziad", "Ziyad", "Zeyad"),
    ("Nasser", "Naser", "Nasir"),
    ("Karim", "Kareem"),
    ("Majid", "Majed"),
    ("Rashid", "Rasheed", "Rachid"),
    ("Said", "Saeed", "Saied"),
    ("Samir", "Sameer"),
    ("Yassin", "Yasin", "Yaseen"),
    ("Haitham", "Haytham"),
    ("Ammar", "Amar"),
    ("Zaid", "Zayd", "Zeid"),
    ("Anas",),
    ("Mahmoud", "Mahmud", "Mahmood"),
    ("Fatima", "Fatimah", "Fatma"),
    ("Aisha", "Aysha", "Aicha"),
    ("Maryam", "Mariam", "Meryem"),
)

ARABIC_FAMILY: tuple[tuple[str, ...], ...] = (
    ("al-Hassan", "Al Hasan", "Alhassan", "El-Hassan"),
    ("al-Obeidi", "Al-Ubaydi", "Alobaidi", "Al Obaidi"),
    ("al-Khatib", "El Khatib", "Alkhatib", "Al-Khateeb"),
    ("al-Ahmad", "Al Ahmed", "Alahmad"),
    ("al-Hamoud", "Al-Hammoud", "Alhamoud"),
    ("al-Shami", "Alshami", "Esh-Shami", "Al Shamy"),
    ("al-Janabi", "Aljanabi", "Al Janabi"),
    ("al-Dulaimi", "Al-Dulaymi", "Aldulaimi", "Al Dulaimy"),
    ("Haddad", "Hadad"),
    ("Khalil", "Halil", "Khaleel"),
    ("Mansour", "Mansur", "Mansoor"),
    ("Darwish", "Darweesh", "Dervis"),
    ("Qasim", "Kassem", "Kasim", "Qassem"),
    ("al-Masri", "Almasri", "El Masry"),
    ("Hamdan", "Hamdane"),
    ("al-Zoubi", "Al-Zubi", "Alzoubi", "Al Zoabi"),
    ("al-Rawi", "Alrawi", "Al Rawi"),
    ("al-Ani", "Alani", "Al-Aani"),
    ("Jaber", "Jabir", "Jabr"),
    ("al-Tikriti", "Altikriti", "Al Tikrity"),
    ("Saadi", "al-Saadi", "Al Saadi"),
    ("Abboud", "Aboud", "Abbud"),
    ("al-Halabi", "Halabi", "Alhalabi"),
    ("Nasrallah", "Nasrulla"),
    ("al-Bakri", "Albakri", "El Bakri"),
    ("Suleiman", "Sulaiman", "Sleiman"),
    ("al-Jubouri", "Al-Jaburi", "Aljubouri", "Al Jabouri"),
    ("Othman", "Osman", "Uthman"),
)

TURKISH_GIVEN = (
    "Mehmet", "Ahmet", "Mustafa", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman", "Yusuf",
    "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah", "Mahmut", "Recep", "Emre", "Burak",
    "Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra", "Hülya",
    "Özlem", "Gül", "Serkan", "Oğuz", "Kadir", "Yasin", "Şükrü", "Çağlar", "Doğan", "Gökhan", "İlker",
)
TURKISH_FAMILY = (
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
    "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Polat",
    "Korkmaz", "Çakır", "Erdoğan", "Güneş", "Aksoy", "Bulut", "Keskin", "Tekin", "Ünal", "Güler",
    "Turan", "Uçar", "Avcı", "Sarı", "Kaplan", "Altun", "Bozkurt", "Işık", "Gök", "Akbulut", "Tunç",
)

# Given names and family names by country for the rest of the world.
PEOPLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "GB": (("James", "Oliver", "Sarah", "Emma", "David", "Paul", "Claire", "Rachel", "Thomas", "Daniel", "Helen", "Mark"),
           ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes")),
    "US": (("Michael", "Jennifer", "Robert", "Linda", "John", "Patricia", "Kevin", "Ashley", "Brian", "Megan"),
           ("Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson", "Moore", "Jackson", "Lee")),
    "DE": (("Thomas", "Andreas", "Stefan", "Sabine", "Petra", "Jürgen", "Klaus", "Katrin", "Markus", "Ulrike"),
           ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann")),
    "ES": (("José", "Antonio", "María", "Carmen", "Javier", "Lucía", "Manuel", "Pilar", "Alejandro", "Elena"),
           ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz")),
    "DK": (("Lars", "Jens", "Mette", "Søren", "Anne", "Henrik", "Kirsten", "Niels", "Pia", "Rasmus"),
           ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen")),
    "FR": (("Jean", "Pierre", "Marie", "Nathalie", "Philippe", "Isabelle", "Nicolas", "Sophie", "Laurent", "Céline"),
           ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau")),
    "IT": (("Giuseppe", "Marco", "Francesca", "Giovanni", "Chiara", "Luca", "Paola", "Alessandro", "Sara", "Roberto"),
           ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco")),
    "NL": (("Jan", "Pieter", "Sanne", "Willem", "Anouk", "Dirk", "Femke", "Bram", "Lotte", "Joost"),
           ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer")),
    "PL": (("Piotr", "Krzysztof", "Anna", "Katarzyna", "Tomasz", "Agnieszka", "Paweł", "Magdalena", "Marcin", "Joanna"),
           ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak")),
    "CN": (("Wei", "Fang", "Lei", "Jing", "Min", "Jun", "Li", "Yan", "Hao", "Xiu"),
           ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou")),
    "JP": (("Hiroshi", "Takashi", "Yuki", "Keiko", "Kenji", "Akiko", "Satoshi", "Naoko", "Daisuke", "Yumi"),
           ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato")),
    "KR": (("Min-jun", "Seo-yeon", "Ji-hoon", "Ji-woo", "Hyun-woo", "Soo-jin", "Dong-hyun", "Eun-ji"),
           ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon")),
    "IN": (("Rahul", "Priya", "Amit", "Sunita", "Vikram", "Anjali", "Rajesh", "Deepa", "Sanjay", "Kavita"),
           ("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Mehta", "Shah", "Nair")),
}
# Countries whose people carry Arabic names.
ARABIC_COUNTRIES = ("AE", "IQ", "SY", "JO", "LB", "SA", "EG")

LEGAL_FORMS: dict[str, tuple[tuple[str, ...], ...]] = {
    # Each tuple lists interchangeable spellings of one legal form.
    "TR": (("Ltd. Şti.", "Limited Şirketi", "Ltd Şti", "LTD. ŞTİ."), ("Tic. Ltd. Şti.", "Ticaret Limited Şirketi"),
           ("San. ve Tic. Ltd. Şti.", "Sanayi ve Ticaret Limited Şirketi"), ("A.Ş.", "Anonim Şirketi", "AŞ")),
    "GB": (("Ltd", "Limited", "Ltd."), ("PLC", "plc"), ("LLP",)),
    "US": (("Inc.", "Inc", "Incorporated"), ("LLC", "L.L.C."), ("Corp.", "Corporation")),
    "DE": (("GmbH",), ("AG",), ("GmbH & Co. KG", "GmbH & Co KG")),
    "ES": (("S.L.", "SL", "Sociedad Limitada"), ("S.A.", "SA", "Sociedad Anónima")),
    "DK": (("ApS",), ("A/S", "AS")),
    "FR": (("SARL", "S.A.R.L."), ("SAS", "S.A.S.")),
    "IT": (("S.r.l.", "Srl", "SRL"), ("S.p.A.", "SpA")),
    "NL": (("B.V.", "BV"),),
    "PL": (("Sp. z o.o.", "Sp. z.o.o.", "Spółka z o.o."),),
    "CN": (("Co., Ltd.", "Co. Ltd", "Company Limited"),),
    "JP": (("Co., Ltd.", "K.K.", "Kabushiki Kaisha"),),
    "KR": (("Co., Ltd.", "Co. Ltd"),),
    "IN": (("Pvt. Ltd.", "Private Limited", "Pvt Ltd"),),
    "AE": (("LLC", "L.L.C."), ("FZE", "F.Z.E."), ("General Trading LLC", "Gen. Trading L.L.C.")),
    "IQ": (("Co.", "Company"), ("LLC",)),
    "SY": (("Co.", "Company"), ("LLC",)),
    "JO": (("Co.", "Company"), ("LLC",)),
    "LB": (("SARL", "S.A.R.L."), ("SAL", "S.A.L.")),
    "SA": (("Co.", "Company"), ("LLC",)),
    "EG": (("Co.", "Company"), ("S.A.E.",)),
}

# Brand-like words companies are named after (besides a family name or a city).
BRAND_WORDS = {
    "TR": ("Anadolu", "Ege", "Marmara", "Akdeniz", "Toros", "Fırat", "Dicle", "Yıldız", "Güneş", "Özgür",
           "Kardeşler", "Birlik", "Doğu", "Güney", "Kuzey", "Ay", "Nur", "Elif", "Hilal", "Zirve"),
    "EN": ("Nova", "Delta", "Atlas", "Global", "Prime", "Apex", "Summit", "Vertex", "Nordic", "Crown",
           "Meridian", "Orion", "Pioneer", "Sterling", "Falcon", "Harbour", "Sovereign", "Unity", "Beacon", "Allied"),
    "AR": ("Al Noor", "Al Amal", "Al Fajr", "Al Rafidain", "Al Sham", "Dar Al Salam", "Al Baraka", "Al Waha",
           "Al Furat", "Al Hayat", "Al Mustaqbal", "Al Khaleej"),
}

# What a company says it does in its name, per language ("EN" serves every other country).
SECTOR_WORDS: dict[str, dict[str, str]] = {
    "chemicals": {"EN": "Chemicals", "TR": "Kimya", "DE": "Chemie", "ES": "Química", "FR": "Chimie", "IT": "Chimica"},
    "coatings": {"EN": "Coatings", "TR": "Boya", "DE": "Lacke", "ES": "Pinturas", "FR": "Peintures", "IT": "Vernici"},
    "agri": {"EN": "Agri Supplies", "TR": "Tarım", "DE": "Agrar", "ES": "Agro", "FR": "Agri", "IT": "Agraria"},
    "food": {"EN": "Foods", "TR": "Gıda", "DE": "Lebensmittel", "ES": "Alimentación", "FR": "Alimentaire", "IT": "Alimentari"},
    "electronics": {"EN": "Electronics", "TR": "Elektronik", "DE": "Elektronik", "ES": "Electrónica", "FR": "Électronique", "IT": "Elettronica"},
    "mining": {"EN": "Mining", "TR": "Madencilik", "DE": "Bergbau", "ES": "Minería", "FR": "Carrières", "IT": "Cave"},
    "aviation": {"EN": "Aviation Services", "TR": "Havacılık", "DE": "Luftfahrttechnik", "ES": "Aeronáutica", "FR": "Aéronautique", "IT": "Aeronautica"},
    "machinery": {"EN": "Engineering", "TR": "Makina", "DE": "Maschinenbau", "ES": "Maquinaria", "FR": "Mécanique", "IT": "Meccanica"},
    "telecom": {"EN": "Mobile", "TR": "İletişim", "DE": "Mobilfunk", "ES": "Telefonía", "FR": "Téléphonie", "IT": "Telefonia"},
    "bakery": {"EN": "Bakery", "TR": "Fırın", "DE": "Bäckerei", "ES": "Panadería", "FR": "Boulangerie", "IT": "Panificio"},
    "textile": {"EN": "Textiles", "TR": "Tekstil", "DE": "Textil", "ES": "Textil", "FR": "Textile", "IT": "Tessile"},
    "fashion": {"EN": "Fashion", "TR": "Giyim", "DE": "Mode", "ES": "Moda", "FR": "Mode", "IT": "Moda"},
    "pharma": {"EN": "Pharma", "TR": "İlaç", "DE": "Pharma", "ES": "Farma", "FR": "Pharma", "IT": "Farmaceutici"},
    "hobby": {"EN": "Models & Hobbies", "TR": "Hobi", "DE": "Modellbau", "ES": "Modelismo", "FR": "Modélisme", "IT": "Modellismo"},
    "photo": {"EN": "Media Productions", "TR": "Prodüksiyon", "DE": "Medien", "ES": "Producciones", "FR": "Productions", "IT": "Produzioni"},
    "survey": {"EN": "Surveying", "TR": "Harita Mühendislik", "DE": "Vermessung", "ES": "Topografía", "FR": "Géomètres", "IT": "Topografia"},
    "trading": {"EN": "Trading", "TR": "Dış Ticaret", "DE": "Handel", "ES": "Comercial", "FR": "Négoce", "IT": "Commercio"},
    "hardware": {"EN": "Hardware", "TR": "Hırdavat", "DE": "Eisenwaren", "ES": "Ferretería", "FR": "Quincaillerie", "IT": "Ferramenta"},
    "paper": {"EN": "Paper", "TR": "Kağıt", "DE": "Papier", "ES": "Papelera", "FR": "Papeterie", "IT": "Cartiera"},
    "cleaning": {"EN": "Hygiene", "TR": "Temizlik", "DE": "Hygiene", "ES": "Limpieza", "FR": "Hygiène", "IT": "Igiene"},
    "logistics": {"EN": "Logistics", "TR": "Lojistik", "DE": "Logistik", "ES": "Logística", "FR": "Logistique", "IT": "Logistica"},
    "motors": {"EN": "Car Rental", "TR": "Oto Kiralama", "DE": "Autovermietung", "ES": "Alquiler de Coches", "FR": "Location", "IT": "Autonoleggio"},
    "exchange": {"EN": "Exchange", "TR": "Döviz", "DE": "Wechselstube", "ES": "Cambio", "FR": "Change", "IT": "Cambio"},
    "jewellery": {"EN": "Jewellers", "TR": "Kuyumculuk", "DE": "Juwelier", "ES": "Joyería", "FR": "Bijouterie", "IT": "Gioielleria"},
    "consulting": {"EN": "Consulting", "TR": "Danışmanlık", "DE": "Beratung", "ES": "Consultoría", "FR": "Conseil", "IT": "Consulenza"},
    "university": {"EN": "Institute of Technology", "TR": "Teknik Üniversitesi", "DE": "Hochschule", "ES": "Universidad Politécnica", "FR": "Institut Polytechnique", "IT": "Politecnico"},
}

# Cities: (city, region, lat, lon, weight). TR lists the border provinces with Syria on purpose:
# Gaziantep is an industrial city with thousands of ordinary firms.
CITIES: dict[str, tuple[tuple[str, str, float, float, float], ...]] = {
    "TR": (("İstanbul", "İstanbul", 41.01, 28.98, 10), ("Ankara", "Ankara", 39.93, 32.86, 4), ("İzmir", "İzmir", 38.42, 27.14, 4),
           ("Bursa", "Bursa", 40.19, 29.06, 3), ("Konya", "Konya", 37.87, 32.48, 2), ("Kocaeli", "Kocaeli", 40.77, 29.92, 2),
           ("Gaziantep", "Gaziantep", 37.07, 37.38, 3), ("Adana", "Adana", 37.00, 35.32, 2), ("Antakya", "Hatay", 36.20, 36.16, 1),
           ("İskenderun", "Hatay", 36.59, 36.17, 1), ("Şanlıurfa", "Şanlıurfa", 37.16, 38.79, 1), ("Kilis", "Kilis", 36.72, 37.12, 0.3),
           ("Mardin", "Mardin", 37.31, 40.74, 0.5), ("Kayseri", "Kayseri", 38.73, 35.49, 1.5), ("Mersin", "Mersin", 36.81, 34.64, 1.5)),
    "GB": (("London", "Greater London", 51.51, -0.13, 8), ("Birmingham", "West Midlands", 52.49, -1.89, 3), ("Manchester", "Greater Manchester", 53.48, -2.24, 3),
           ("Cardiff", "Wales", 51.48, -3.18, 1.5), ("Leeds", "West Yorkshire", 53.80, -1.55, 2), ("Glasgow", "Scotland", 55.86, -4.25, 2), ("Bristol", "Bristol", 51.45, -2.59, 1.5)),
    "DE": (("Hamburg", "Hamburg", 53.55, 9.99, 3), ("München", "Bayern", 48.14, 11.58, 3), ("Köln", "Nordrhein-Westfalen", 50.94, 6.96, 3),
           ("Frankfurt am Main", "Hessen", 50.11, 8.68, 2), ("Stuttgart", "Baden-Württemberg", 48.78, 9.18, 3), ("Leverkusen", "Nordrhein-Westfalen", 51.03, 6.98, 1)),
    "ES": (("Madrid", "Madrid", 40.42, -3.70, 4), ("Barcelona", "Cataluña", 41.39, 2.17, 4), ("Valencia", "Comunidad Valenciana", 39.47, -0.38, 2),
           ("Bilbao", "País Vasco", 43.26, -2.93, 1.5), ("Sevilla", "Andalucía", 37.39, -5.98, 1.5), ("Tarragona", "Cataluña", 41.12, 1.25, 1)),
    "DK": (("København", "Hovedstaden", 55.68, 12.57, 3), ("Aarhus", "Midtjylland", 56.16, 10.20, 2), ("Odense", "Syddanmark", 55.40, 10.39, 1), ("Esbjerg", "Syddanmark", 55.47, 8.45, 1)),
    "US": (("Houston", "TX", 29.76, -95.37, 3), ("Chicago", "IL", 41.88, -87.63, 3), ("Los Angeles", "CA", 34.05, -118.24, 3), ("Newark", "NJ", 40.74, -74.17, 2),
           ("Wichita", "KS", 37.69, -97.34, 1), ("Miami", "FL", 25.76, -80.19, 2)),
    "CN": (("Shenzhen", "Guangdong", 22.54, 114.06, 4), ("Shanghai", "Shanghai", 31.23, 121.47, 4), ("Ningbo", "Zhejiang", 29.87, 121.54, 2), ("Guangzhou", "Guangdong", 23.13, 113.26, 3)),
    "FR": (("Paris", "Île-de-France", 48.86, 2.35, 4), ("Lyon", "Auvergne-Rhône-Alpes", 45.76, 4.84, 2), ("Toulouse", "Occitanie", 43.60, 1.44, 2), ("Marseille", "Provence-Alpes-Côte d'Azur", 43.30, 5.37, 2)),
    "IT": (("Milano", "Lombardia", 45.46, 9.19, 4), ("Torino", "Piemonte", 45.07, 7.69, 2), ("Bologna", "Emilia-Romagna", 44.49, 11.34, 2), ("Napoli", "Campania", 40.85, 14.27, 2)),
    "NL": (("Rotterdam", "Zuid-Holland", 51.92, 4.48, 3), ("Amsterdam", "Noord-Holland", 52.37, 4.90, 3), ("Eindhoven", "Noord-Brabant", 51.44, 5.47, 2)),
    "PL": (("Warszawa", "Mazowieckie", 52.23, 21.01, 3), ("Kraków", "Małopolskie", 50.06, 19.94, 2), ("Wrocław", "Dolnośląskie", 51.11, 17.04, 2), ("Gdańsk", "Pomorskie", 54.35, 18.65, 1)),
    "JP": (("Tokyo", "Tokyo", 35.68, 139.69, 4), ("Osaka", "Osaka", 34.69, 135.50, 3), ("Nagoya", "Aichi", 35.18, 136.91, 2)),
    "KR": (("Seoul", "Seoul", 37.57, 126.98, 4), ("Busan", "Busan", 35.18, 129.08, 2), ("Incheon", "Incheon", 37.46, 126.71, 2)),
    "IN": (("Mumbai", "Maharashtra", 19.08, 72.88, 3), ("Bengaluru", "Karnataka", 12.97, 77.59, 3), ("Ahmedabad", "Gujarat", 23.02, 72.57, 2), ("Chennai", "Tamil Nadu", 13.08, 80.27, 2)),
    "AE": (("Dubai", "Dubai", 25.20, 55.27, 4), ("Sharjah", "Sharjah", 25.35, 55.42, 2), ("Abu Dhabi", "Abu Dhabi", 24.45, 54.38, 2)),
    "IQ": (("Erbil", "Erbil", 36.19, 44.01, 2), ("Baghdad", "Baghdad", 33.31, 44.36, 2), ("Basra", "Basra", 30.51, 47.81, 1), ("Sulaymaniyah", "Sulaymaniyah", 35.56, 45.44, 1)),
    "JO": (("Amman", "Amman", 31.95, 35.93, 3), ("Zarqa", "Zarqa", 32.07, 36.09, 1)),
    "LB": (("Beirut", "Beirut", 33.89, 35.50, 3), ("Tripoli", "North", 34.44, 35.83, 1)),
    "SA": (("Riyadh", "Riyadh", 24.71, 46.68, 3), ("Jeddah", "Makkah", 21.49, 39.19, 2), ("Dammam", "Eastern Province", 26.43, 50.10, 1)),
    "SY": (("Aleppo", "Aleppo", 36.20, 37.13, 3), ("Damascus", "Damascus", 33.51, 36.29, 3), ("Idlib", "Idlib", 35.93, 36.63, 1)),
    "EG": (("Cairo", "Cairo", 30.04, 31.24, 3), ("Alexandria", "Alexandria", 31.20, 29.92, 2)),
}
BORDER_PROVINCES_TR = ("Gaziantep", "Hatay", "Şanlıurfa", "Kilis", "Mardin")

STREETS = {
    "TR": ("Atatürk Cad.", "Cumhuriyet Mah.", "İnönü Bulv.", "Gazi Cad.", "Fevzi Çakmak Sok.", "Organize Sanayi Bölgesi", "İstasyon Cad.", "Hürriyet Sok."),
    "DE": ("Hauptstraße", "Industriestraße", "Bahnhofstraße", "Gewerbering", "Schillerstraße"),
    "ES": ("Calle Mayor", "Polígono Industrial", "Avenida de la Constitución", "Calle del Carmen", "Carrer de Balmes"),
    "FR": ("Rue de la République", "Zone Industrielle", "Avenue Jean Jaurès", "Rue Victor Hugo"),
    "IT": ("Via Roma", "Via Garibaldi", "Zona Industriale", "Via Milano"),
    "EN": ("High Street", "Station Road", "Church Lane", "Industrial Estate", "Mill Road", "Victoria Road", "Park Avenue", "Main Street", "Harbour Road"),
}

WEBMAIL = ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "yandex.com", "mail.ru", "hotmail.co.uk")
TLD = {"TR": "com.tr", "GB": "co.uk", "DE": "de", "ES": "es", "DK": "dk", "FR": "fr", "IT": "it", "NL": "nl", "PL": "pl",
       "CN": "cn", "JP": "co.jp", "KR": "co.kr", "IN": "in", "AE": "ae", "US": "com"}
PHONE_PREFIX = {"TR": "+90", "GB": "+44", "DE": "+49", "ES": "+34", "DK": "+45", "FR": "+33", "IT": "+39", "NL": "+31",
                "PL": "+48", "CN": "+86", "JP": "+81", "KR": "+82", "IN": "+91", "AE": "+971", "US": "+1", "IQ": "+964",
                "SY": "+963", "JO": "+962", "LB": "+961", "SA": "+966", "EG": "+20"}
CURRENCY = {"TR": "TRY", "GB": "GBP", "DE": "EUR", "ES": "EUR", "DK": "DKK", "FR": "EUR", "IT": "EUR", "NL": "EUR",
            "PL": "PLN", "CN": "CNY", "JP": "JPY", "KR": "KRW", "IN": "INR", "AE": "AED", "US": "USD"}
# Rough units of currency per US dollar, so prices in different currencies stay comparable.
FX_PER_USD = {"USD": 1.0, "EUR": 0.9, "GBP": 0.75, "TRY": 3.5, "DKK": 6.7, "PLN": 3.9, "CNY": 6.6, "JPY": 110.0,
              "KRW": 1150.0, "INR": 68.0, "AED": 3.67}

FORWARDERS = ("Kuehne + Nagel", "DHL Global Forwarding", "DB Schenker", "Panalpina", "Ekol Lojistik", "Borusan Lojistik",
              "Horoz Lojistik", "Bolloré Logistics", "CEVA Logistics", "Geodis", "Expeditors", "Agility", "Aramex",
              "Mars Lojistik", "Omsan Lojistik", "Hellmann Worldwide", "Rhenus Logistics", "DSV")

# Where recovered items were documented, and what they were part of.
RECOVERY_PLACES = (("IQ", "Mosul"), ("IQ", "west Mosul"), ("IQ", "Tal Afar"), ("IQ", "Ramadi"), ("IQ", "Fallujah"),
                   ("IQ", "Hawija"), ("IQ", "Baiji"), ("IQ", "Tikrit"), ("IQ", "Kirkuk"), ("SY", "Raqqa"), ("SY", "Manbij"),
                   ("SY", "Deir ez-Zor"), ("SY", "Kobani"), ("SY", "al-Bab"), ("SY", "Tabqa"))
RECOVERY_CONTEXT = {
    "chemical": ("IED main charge container", "drum at an explosives workshop", "bag in a weapons production facility",
                 "container at a rocket-motor workshop", "stockpile in a warehouse"),
    "device": ("component of an improvised drone", "part of a UAV airframe under construction", "found in a weapons workshop",
               "recovered from a crashed UAV", "part of an improvised guided weapon", "stored in a former hospital building"),
}
