"""What the synthetic economy trades and who buys it.

Goods carry real HS codes (precursors from Regulation (EU) 2019/1148, drone parts and CHPL items as
in shared/reference); quantities and prices are plausible orders of magnitude, not statistics.
Sectors are NACE Rev. 2 classes with a basket of goods each buys, so that dual-use goods have
ordinary, legitimate buyers as well as the planted illicit ones.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a good is marked, which decides what an order line records and what a recovered item shows.
SERIAL = "serial"  # serial numbers per piece (engines, drones, GNSS modules...)
LOT = "lot"  # batch / lot only (chemicals in drums, ICs by date code)
NONE = "none"


@dataclass(frozen=True)
class Good:
    key: str
    hs: str  # 6 digits with a dot (7603.10); sellers print it in their own format
    description: str
    category: str  # the kind of seller that stocks it
    unit: str
    median_qty: float  # per order line, for a buyer of REFERENCE_EMPLOYEES
    price_usd: float  # per unit
    trace: str
    sigma: float = 0.8  # log-normal spread of quantities


REFERENCE_EMPLOYEES = 50

GOODS: tuple[Good, ...] = (
    # chemicals distributors
    Good("al_powder", "7603.10", "Aluminium powder, non-lamellar, 99.5%", "chemicals", "kg", 150, 4.5, LOT),
    Good("al_flakes", "7603.20", "Aluminium flakes, lamellar powder", "chemicals", "kg", 120, 6.0, LOT),
    Good("al_paste", "3212.90", "Aluminium paste, leafing pigment paste", "chemicals", "kg", 250, 7.0, LOT),
    Good("h2o2", "2847.00", "Hydrogen peroxide 35% solution", "chemicals", "l", 400, 1.2, LOT),
    Good("sorbitol", "2905.44", "D-glucitol (sorbitol) 70% / powder", "chemicals", "kg", 800, 1.1, LOT),
    Good("nitric", "2808.00", "Nitric acid 65%", "chemicals", "l", 300, 0.6, LOT),
    Good("sulphuric", "2807.00", "Sulphuric acid 98%", "chemicals", "l", 500, 0.3, LOT),
    Good("acetone", "2914.11", "Acetone, technical grade", "chemicals", "l", 250, 1.0, LOT),
    Good("hexamine", "2933.69", "Hexamethylenetetramine (hexamine)", "chemicals", "kg", 100, 2.5, LOT),
    Good("nitromethane", "2904.20", "Nitromethane", "chemicals", "l", 40, 8.0, LOT),
    Good("k_chlorate", "2829.19", "Potassium chlorate", "chemicals", "kg", 80, 2.2, LOT),
    Good("naoh", "2815.11", "Sodium hydroxide, solid flakes", "chemicals", "kg", 900, 0.4, LOT),
    Good("tio2", "3206.11", "Titanium dioxide pigment", "chemicals", "kg", 600, 3.0, LOT),
    Good("zno", "2817.00", "Zinc oxide", "chemicals", "kg", 300, 2.4, LOT),
    Good("epoxy", "3907.30", "Epoxy resin, liquid", "chemicals", "kg", 400, 4.0, LOT),
    Good("surfactant", "3402.42", "Non-ionic surfactant", "chemicals", "kg", 500, 1.8, LOT),
    Good("citric", "2918.14", "Citric acid anhydrous", "chemicals", "kg", 500, 1.0, LOT),
    Good("glucose", "1702.30", "Glucose syrup", "chemicals", "kg", 1500, 0.6, LOT),
    Good("bicarb", "2836.30", "Sodium bicarbonate", "chemicals", "kg", 700, 0.4, LOT),
    Good("ethanol", "2207.10", "Ethyl alcohol 96%", "chemicals", "l", 300, 1.4, LOT),
    # agrochemicals / fertiliser
    Good("an", "3102.30", "Ammonium nitrate, prilled, 34.4% N", "agrochem", "t", 15, 320, LOT),
    Good("can", "3102.40", "Calcium ammonium nitrate 27% N", "agrochem", "t", 20, 280, LOT),
    Good("kno3", "2834.21", "Potassium nitrate, technical/fertiliser grade", "agrochem", "kg", 1500, 1.2, LOT),
    Good("npk", "3105.20", "NPK fertiliser 15-15-15", "agrochem", "t", 18, 380, LOT),
    Good("urea", "3102.10", "Urea 46% N", "agrochem", "t", 20, 290, LOT),
    Good("cano3", "3102.60", "Calcium nitrate", "agrochem", "t", 8, 330, LOT),
    Good("kcl", "3104.20", "Potassium chloride (MOP)", "agrochem", "t", 12, 300, NONE),
    Good("insecticide", "3808.91", "Insecticide concentrate", "agrochem", "l", 150, 9.0, LOT),
    # electronics distributors
    Good("mcu", "8542.31", "Microcontroller, 32-bit ARM", "electronics", "pcs", 400, 3.5, LOT, 1.1),
    Good("memory", "8542.32", "Flash memory IC", "electronics", "pcs", 800, 1.8, LOT, 1.1),
    Good("ic_other", "8542.39", "RF front-end / sensor IC", "electronics", "pcs", 600, 1.2, LOT, 1.1),
    Good("mlcc", "8532.24", "Multilayer ceramic capacitors, reel", "electronics", "pcs", 20000, 0.01, LOT, 1.0),
    Good("transistor", "8541.29", "Power MOSFET transistors", "electronics", "pcs", 3000, 0.2, LOT, 1.0),
    Good("pcb", "8534.00", "Printed circuit boards, 4-layer", "electronics", "pcs", 200, 6.0, LOT),
    Good("gnss", "8526.91", "GNSS receiver module (GPS/GLONASS)", "electronics", "pcs", 40, 25.0, SERIAL),
    Good("datalink", "8517.62", "Telemetry / video datalink modem", "electronics", "pcs", 15, 120.0, SERIAL),
    Good("antenna", "8529.10", "Antenna, 2.4/5.8 GHz", "electronics", "pcs", 80, 8.0, NONE),
    Good("li_ion", "8507.60", "Lithium-ion battery pack", "electronics", "pcs", 80, 30.0, LOT),
    Good("ipc", "8471.50", "Industrial computer / processing unit", "electronics", "pcs", 6, 600.0, SERIAL),
    Good("scope", "9030.20", "Digital oscilloscope", "electronics", "pcs", 2, 1800.0, SERIAL, 0.5),
    # aerospace
    Good("turbojet", "8411.11", "Small turbojet engine, thrust < 25 kN", "aerospace", "pcs", 1, 18000.0, SERIAL, 0.5),
    Good("turbojet_parts", "8411.91", "Turbojet engine parts (fuel pump, starter, ECU)", "aerospace", "pcs", 8, 700.0, LOT),
    Good("pulsejet", "8412.10", "Reaction engine (pulse jet)", "aerospace", "pcs", 1, 6000.0, SERIAL, 0.4),
    Good("piston_engine", "8407.10", "Aircraft piston engine, 2-stroke", "aerospace", "pcs", 1, 9000.0, SERIAL, 0.5),
    Good("engine_parts", "8409.10", "Aircraft engine parts", "aerospace", "pcs", 10, 300.0, LOT),
    Good("imu", "9014.20", "Inertial measurement unit / navigation unit", "aerospace", "pcs", 2, 4000.0, SERIAL, 0.6),
    Good("uav_parts", "8807.30", "UAV / aircraft structural parts", "aerospace", "pcs", 15, 150.0, LOT),
    # hobby / RC
    Good("drone_small", "8806.21", "Quadcopter drone, MTOW <= 250 g", "hobby", "pcs", 8, 400.0, SERIAL),
    Good("drone_mid", "8806.22", "Quadcopter drone, MTOW 250 g - 7 kg", "hobby", "pcs", 4, 1500.0, SERIAL),
    Good("micro_motor", "8501.10", "Micro motor / servo <= 37.5 W", "hobby", "pcs", 40, 12.0, LOT),
    Good("bldc", "8501.31", "Brushless DC motor <= 750 W", "hobby", "pcs", 16, 45.0, SERIAL),
    Good("esc", "8504.40", "Electronic speed controller (ESC)", "hobby", "pcs", 16, 35.0, LOT),
    Good("rc", "8526.92", "Radio remote control transmitter/receiver", "hobby", "pcs", 8, 90.0, SERIAL),
    Good("camera", "8525.89", "Gimbal / EO camera", "hobby", "pcs", 4, 350.0, SERIAL),
    Good("propeller", "8807.10", "Propellers, carbon fibre", "hobby", "pcs", 80, 4.0, NONE),
    Good("flight_ctrl", "8537.10", "Flight controller board", "hobby", "pcs", 8, 80.0, SERIAL),
    # industrial automation and machine tools
    Good("motion_ctrl", "8537.10", "Motion-control unit / control panel", "industrial", "pcs", 4, 900.0, SERIAL),
    Good("vfd", "8504.40", "Variable-frequency drive (static converter)", "industrial", "pcs", 8, 300.0, SERIAL),
    Good("bearings", "8482.10", "Ball bearings", "industrial", "pcs", 400, 3.0, LOT, 1.0),
    Good("dc_motor", "8501.32", "DC motor 0.75-75 kW", "industrial", "pcs", 4, 400.0, SERIAL),
    Good("plc", "9032.89", "Automatic controller (PLC / regulator)", "industrial", "pcs", 4, 500.0, SERIAL),
    Good("cnc_lathe", "8458.11", "CNC horizontal lathe", "industrial", "pcs", 1, 90000.0, SERIAL, 0.3),
    Good("tool_parts", "8466.93", "Machine-tool parts and accessories", "industrial", "pcs", 20, 60.0, NONE),
    Good("bolts", "7318.15", "Bolts and screws, steel", "industrial", "kg", 200, 3.0, NONE),
    # consumer goods wholesalers
    Good("phone", "8517.13", "Smartphones", "consumer", "pcs", 30, 180.0, SERIAL),
    Good("laptop", "8471.30", "Laptop computers", "consumer", "pcs", 10, 500.0, SERIAL),
    Good("charger", "8504.40", "Phone chargers / power adapters", "consumer", "pcs", 100, 4.0, NONE),
    Good("tshirt", "6109.10", "Cotton T-shirts", "consumer", "pcs", 300, 3.0, NONE),
    Good("trousers", "6203.42", "Cotton trousers", "consumer", "pcs", 150, 9.0, NONE),
)
GOOD_INDEX = {g.key: i for i, g in enumerate(GOODS)}
CATEGORIES = ("chemicals", "agrochem", "electronics", "aerospace", "hobby", "industrial", "consumer")

# Goods the illicit networks seek (the seed reports: explosives precursors, drone engines, electronics).
PRECURSORS = ("al_paste", "al_powder", "al_flakes", "an", "can", "kno3", "h2o2", "sorbitol", "nitric", "acetone",
              "hexamine", "k_chlorate", "nitromethane", "sulphuric")
DRONE_GOODS = ("turbojet", "turbojet_parts", "pulsejet", "piston_engine", "bldc", "micro_motor", "esc", "flight_ctrl",
               "gnss", "rc", "camera", "datalink", "drone_mid", "drone_small", "mcu", "imu", "motion_ctrl", "li_ion")

# Seller kinds: the category they stock, how they name themselves, where they sit (weights).
SELLER_KINDS = {
    "chemicals": ("chemicals", {"DE": 3, "ES": 3, "DK": 2, "GB": 2, "TR": 3, "NL": 2, "FR": 1, "IT": 1, "PL": 1, "US": 1, "CN": 2, "IN": 2}),
    "agrochem": ("agri", {"TR": 3, "ES": 2, "PL": 2, "DE": 1, "NL": 1, "FR": 1, "IT": 1, "GB": 1, "IN": 1}),
    "electronics": ("electronics", {"DE": 2, "GB": 2, "US": 3, "CN": 4, "NL": 1, "JP": 2, "KR": 2, "TR": 1, "FR": 1}),
    "aerospace": ("aviation", {"GB": 3, "US": 3, "DE": 2, "FR": 2, "NL": 1, "IT": 1, "CN": 1, "TR": 1}),
    "hobby": ("hobby", {"CN": 4, "GB": 2, "DE": 2, "US": 2, "DK": 1, "ES": 1, "TR": 1, "JP": 1}),
    "industrial": ("machinery", {"DE": 4, "IT": 2, "JP": 2, "CN": 2, "TR": 2, "US": 1, "KR": 1, "PL": 1}),
    "consumer": ("trading", {"CN": 4, "TR": 3, "AE": 2, "GB": 1, "DE": 1, "KR": 1}),
}

# Invented makers per category: (name, model stem, serial prefix).
MAKERS = {
    "chemicals": (("Alkor Metallpigmente", "AP", "AP"), ("Nordchem", "NC", "NC"), ("Quimipol", "QP", "QP"),
                  ("Peroxid-Werke", "PX", "PX"), ("Sorbitec", "ST", "ST"), ("Anadolu Kimya", "AK", "AK")),
    "agrochem": (("Agropol Nitro", "AN", "AN"), ("Fertimed", "FM", "FM"), ("Ege Gübre", "EG", "EG"), ("NordFert", "NF", "NF")),
    "electronics": (("Microlux Semiconductor", "MLX", "ML"), ("Quantel Devices", "QD", "QD"), ("Sinotech IC", "STC", "SC"),
                    ("NaviCore", "NV", "NV"), ("RadiLink", "RL", "RL"), ("Voltra Power", "VP", "VP")),
    "aerospace": (("Kestrel Turbines", "KT", "KT"), ("AeroJet Micro", "AJ", "AJ"), ("Vulcan Propulsion", "VX", "VX"),
                  ("Hirth-Motor", "HM", "HM"), ("Inertia Systems", "IS", "IS")),
    "hobby": (("SkyHawk RC", "SH", "SH"), ("T-Motion", "TM", "TM"), ("DragonFly UAV", "DF", "DF"), ("Holybee", "HB", "HB"),
              ("FlySpark", "FS", "FS")),
    "industrial": (("Antriebstechnik Brandt", "AB", "AB"), ("Servomax", "SX", "SX"), ("Koyo-Seiki", "KS", "KS"),
                   ("Delta Motion", "DM", "DM"), ("Ferrotek", "FT", "FT")),
    "consumer": (("Mobitel", "MT", "35"), ("Gallix", "GX", "86"), ("Lenoco", "LC", "LC")),
}


@dataclass(frozen=True)
class Sector:
    nace: str
    activities: tuple[str, ...]  # free-text descriptions a company might give
    word: str  # key of vocab.SECTOR_WORDS
    basket: tuple[tuple[str, float, float], ...]  # (good key, weight, quantity multiplier)
    employees: float  # median head count
    weight: float  # share of buyers
    end_uses: tuple[str, ...]
    cash: float = 0.01  # share of orders paid cash
    lines: float = 1.0  # extra lines per order (Poisson mean)


_PAINT = ("paint production", "industrial coatings", "pigment for metallic paints", "powder coating line")
_MINE = ("quarry blasting", "open-pit mining", "blasting agent production", "mining operations")
_AGRI = ("agricultural use", "fertiliser blending", "resale to farmers", "greenhouse fertigation")
_FOOD = ("food production", "confectionery", "bakery products", "sweetener for food manufacturing")
_ELEC = ("electronics manufacturing", "PCB assembly", "R&D prototypes", "production of control boards")
_AERO = ("aircraft maintenance", "engine overhaul", "spare parts for MRO", "target drone maintenance")
_HOBBY = ("retail sale to hobbyists", "model aircraft", "resale", "FPV racing club")
_MACH = ("machine building", "automation project", "production line retrofit", "spare parts")
_RETAIL = ("retail sale", "for resale", "shop stock")

SECTORS: tuple[Sector, ...] = (
    Sector("20.30", ("manufacture of paints and coatings", "paint and varnish manufacturer", "industrial coatings producer"), "coatings",
           (("al_paste", 4, 1), ("al_powder", 2, 1), ("al_flakes", 1, 1), ("tio2", 4, 1), ("zno", 2, 1), ("epoxy", 3, 1), ("acetone", 2, 1)),
           60, 5, _PAINT, lines=1.5),
    Sector("08.11", ("quarrying of limestone and gravel", "stone quarry", "aggregates production"), "mining",
           (("an", 6, 1.5), ("can", 1, 1), ("bearings", 1, 1), ("naoh", 0.5, 1)), 80, 2, _MINE),
    Sector("09.90", ("blasting and mining support services", "drilling and blasting contractor"), "mining",
           (("an", 6, 1), ("hexamine", 0.5, 0.5), ("nitric", 0.5, 1)), 40, 1, _MINE),
    Sector("23.51", ("manufacture of cement", "cement plant"), "mining",
           (("an", 3, 1), ("bearings", 2, 2), ("dc_motor", 1, 1), ("vfd", 1, 1)), 300, 0.7, _MINE + _MACH),
    Sector("20.15", ("manufacture of fertilisers", "fertiliser blending plant"), "agri",
           (("an", 4, 2), ("kcl", 3, 1), ("nitric", 2, 2), ("sulphuric", 2, 2), ("urea", 3, 1)), 150, 1.2, _AGRI),
    Sector("46.75", ("wholesale of chemical products", "chemical and fertiliser wholesaler", "farm inputs wholesale"), "agri",
           (("an", 3, 1), ("can", 3, 1), ("kno3", 3, 1), ("npk", 4, 1), ("urea", 3, 1), ("naoh", 2, 1), ("h2o2", 2, 1),
            ("acetone", 1, 1), ("insecticide", 2, 1)), 30, 5, _AGRI + ("resale", "distribution"), 0.02, 1.3),
    Sector("47.76", ("garden centre", "retail of seeds and fertilisers", "agricultural supplies shop"), "agri",
           (("npk", 4, 0.1), ("kno3", 2, 0.1), ("cano3", 2, 0.1), ("insecticide", 3, 0.2)), 5, 4, _AGRI + _RETAIL, 0.12),
    Sector("01.13", ("growing of vegetables", "greenhouse vegetable grower"), "agri",
           (("kno3", 4, 0.6), ("cano3", 3, 0.6), ("npk", 3, 0.5), ("insecticide", 2, 0.5)), 15, 5, _AGRI, 0.08),
    Sector("01.61", ("support activities for crop production", "agricultural contractor"), "agri",
           (("npk", 3, 1), ("urea", 3, 1), ("can", 2, 1), ("an", 1, 0.5), ("insecticide", 2, 1)), 12, 2, _AGRI, 0.05),
    Sector("10.82", ("manufacture of confectionery", "chocolate and sweets maker"), "food",
           (("sorbitol", 5, 1), ("glucose", 4, 1), ("citric", 3, 1)), 80, 2, _FOOD, lines=1.2),
    Sector("10.89", ("manufacture of food products", "food ingredients processor"), "food",
           (("sorbitol", 3, 1), ("glucose", 3, 1), ("citric", 4, 1), ("bicarb", 3, 1)), 70, 3, _FOOD, lines=1.2),
    Sector("10.71", ("bakery", "manufacture of bread and pastry", "industrial bakery"), "bakery",
           (("bicarb", 4, 0.3), ("glucose", 2, 0.2), ("sorbitol", 1, 0.1), ("citric", 1, 0.2)), 12, 4, _FOOD, 0.1),
    Sector("21.20", ("manufacture of pharmaceutical preparations", "generic drug manufacturer"), "pharma",
           (("h2o2", 3, 0.5), ("ethanol", 4, 1), ("acetone", 2, 0.5), ("sorbitol", 3, 1), ("citric", 2, 1)), 200, 1.5,
           ("pharmaceutical production", "excipient", "disinfection", "laboratory use"), lines=1.4),
    Sector("13.30", ("finishing of textiles", "textile bleaching and dyeing"), "textile",
           (("h2o2", 5, 1.5), ("naoh", 4, 1), ("surfactant", 3, 1)), 90, 2, ("textile bleaching", "dyeing", "finishing")),
    Sector("17.12", ("manufacture of paper and paperboard", "paper mill"), "paper",
           (("h2o2", 4, 3), ("naoh", 4, 3), ("surfactant", 1, 1)), 250, 0.6, ("pulp bleaching", "paper production")),
    Sector("20.41", ("manufacture of soap and detergents", "cleaning products maker"), "cleaning",
           (("surfactant", 5, 1), ("naoh", 3, 1), ("h2o2", 2, 0.5), ("citric", 2, 1), ("bicarb", 2, 1)), 45, 1.5,
           ("detergent production", "cleaning products")),
    Sector("33.16", ("repair and maintenance of aircraft", "aircraft MRO", "engine overhaul shop"), "aviation",
           (("turbojet", 2, 1), ("turbojet_parts", 5, 1), ("engine_parts", 4, 1), ("piston_engine", 1, 1), ("imu", 1, 1),
            ("uav_parts", 2, 1)), 70, 1.2, _AERO, lines=1.3),
    Sector("30.30", ("manufacture of air and spacecraft", "UAV manufacturer", "target drone manufacturer"), "aviation",
           (("turbojet", 3, 2), ("turbojet_parts", 2, 1), ("pulsejet", 0.2, 1), ("piston_engine", 2, 1), ("imu", 2, 1),
            ("uav_parts", 3, 1), ("gnss", 2, 1), ("datalink", 2, 1), ("mcu", 2, 1), ("camera", 1, 1)), 150, 0.6,
           ("UAV production", "aircraft manufacturing", "defence contract", "research and development"), lines=1.6),
    Sector("26.11", ("manufacture of electronic components", "electronics manufacturer"), "electronics",
           (("mcu", 4, 1), ("memory", 3, 1), ("ic_other", 3, 1), ("mlcc", 3, 1), ("transistor", 3, 1), ("pcb", 2, 1)), 120, 3, _ELEC, lines=2.0),
    Sector("26.30", ("manufacture of communication equipment", "telecom equipment maker"), "electronics",
           (("mcu", 3, 1), ("ic_other", 3, 1), ("gnss", 2, 1), ("datalink", 2, 1), ("antenna", 3, 1), ("pcb", 2, 1)), 100, 1.5, _ELEC, lines=1.8),
    Sector("26.51", ("manufacture of measuring and navigation instruments",), "electronics",
           (("mcu", 3, 1), ("gnss", 3, 1), ("imu", 1, 1), ("scope", 1, 1), ("pcb", 2, 1)), 80, 1, _ELEC, lines=1.5),
    Sector("46.52", ("wholesale of electronic and telecom equipment", "electronic components distributor"), "electronics",
           (("mcu", 3, 2), ("memory", 2, 2), ("gnss", 2, 2), ("phone", 3, 2), ("drone_small", 1, 1), ("drone_mid", 1, 1),
            ("camera", 1, 1), ("li_ion", 2, 1), ("laptop", 2, 1)), 25, 4, ("resale", "distribution", "stock"), 0.02, 1.5),
    Sector("47.42", ("mobile phone shop", "retail of telecommunications equipment", "phone and accessories store"), "telecom",
           (("phone", 6, 0.3), ("charger", 4, 0.3), ("li_ion", 1, 0.1), ("drone_small", 0.3, 0.3), ("laptop", 1, 0.3)), 4, 8,
           _RETAIL, 0.15, 0.8),
    Sector("47.65", ("hobby and model shop", "retail of games and toys", "RC model store"), "hobby",
           (("drone_small", 4, 0.5), ("drone_mid", 2, 0.5), ("micro_motor", 3, 0.5), ("bldc", 3, 0.5), ("esc", 3, 0.5),
            ("rc", 2, 0.5), ("propeller", 3, 0.5), ("li_ion", 2, 0.3), ("camera", 1, 0.5), ("flight_ctrl", 2, 0.5)), 5, 4,
           _HOBBY, 0.1, 1.6),
    Sector("74.20", ("aerial photography", "photographic activities", "drone filming services"), "photo",
           (("drone_mid", 4, 0.5), ("camera", 3, 0.5), ("li_ion", 2, 0.3), ("gnss", 1, 0.3)), 6, 1.5,
           ("aerial photography", "film production", "inspection services"), 0.05),
    Sector("71.12", ("engineering and surveying", "land surveying and mapping"), "survey",
           (("drone_mid", 3, 0.5), ("gnss", 4, 0.5), ("imu", 1, 0.5), ("camera", 2, 0.5)), 20, 1.5,
           ("surveying", "mapping", "infrastructure inspection")),
    Sector("85.42", ("tertiary education", "technical university", "research university"), "university",
           (("mcu", 3, 0.2), ("drone_small", 2, 0.3), ("drone_mid", 2, 0.3), ("turbojet", 0.5, 1), ("scope", 2, 0.5),
            ("bldc", 2, 0.3), ("gnss", 1, 0.3), ("acetone", 1, 0.1), ("h2o2", 1, 0.05)), 1500, 0.6,
           ("research", "teaching laboratory", "student project", "university research project"), lines=1.5),
    Sector("28.99", ("manufacture of special-purpose machinery", "machine builder", "automation integrator"), "machinery",
           (("motion_ctrl", 4, 1), ("vfd", 3, 1), ("plc", 3, 1), ("dc_motor", 2, 1), ("bearings", 3, 1), ("bolts", 2, 1),
            ("flight_ctrl", 0.1, 1)), 90, 3, _MACH, lines=1.6),
    Sector("28.41", ("manufacture of metal forming machinery", "press and forming machines"), "machinery",
           (("motion_ctrl", 3, 1), ("vfd", 2, 1), ("plc", 2, 1), ("bearings", 2, 1), ("cnc_lathe", 0.5, 1)), 120, 1.5, _MACH, lines=1.4),
    Sector("25.62", ("machining", "CNC machining workshop", "precision engineering"), "machinery",
           (("cnc_lathe", 1, 1), ("tool_parts", 4, 1), ("bearings", 2, 1), ("bolts", 3, 1)), 25, 3, _MACH, 0.03, 1.2),
    Sector("47.52", ("hardware store", "retail of hardware, paints and glass", "DIY shop"), "hardware",
           (("bolts", 4, 0.3), ("acetone", 2, 0.05), ("npk", 1, 0.02), ("tool_parts", 2, 0.3), ("h2o2", 1, 0.05)), 6, 4, _RETAIL, 0.15),
    Sector("47.71", ("clothing shop", "retail of clothing", "boutique"), "fashion",
           (("tshirt", 5, 0.4), ("trousers", 4, 0.4)), 5, 3, _RETAIL, 0.2),
    Sector("46.42", ("wholesale of clothing", "textile and garment wholesaler"), "fashion",
           (("tshirt", 5, 3), ("trousers", 4, 3)), 20, 1.5, ("resale", "distribution"), 0.05),
    Sector("46.90", ("general trading", "import and export", "non-specialised wholesale trade"), "trading",
           (("phone", 3, 1), ("laptop", 2, 1), ("charger", 2, 1), ("tshirt", 2, 1), ("naoh", 1, 1), ("citric", 1, 1),
            ("npk", 1, 0.5), ("li_ion", 1, 1), ("bolts", 1, 1)), 10, 3, ("resale", "general trading", "export"), 0.05, 1.2),
    Sector("70.22", ("business consultancy", "management consulting"), "consulting",
           (("laptop", 5, 0.3), ("phone", 3, 0.3), ("drone_small", 0.3, 0.3)), 8, 1.2, ("office use", "staff equipment"), 0.02),
    Sector("49.41", ("freight transport by road", "haulage and logistics"), "logistics",
           (("phone", 2, 0.3), ("gnss", 2, 0.5), ("li_ion", 1, 0.3), ("bearings", 2, 0.5)), 30, 1.5,
           ("fleet tracking", "vehicle maintenance", "office use"), 0.05),
)

# Companies on the registers that buy nothing here: they stand beside the buyers so that no
# line of business exists only in the illicit networks (car hire, exchange offices, jewellers...).
BYSTANDERS = (("77.11", "motors", "car rental"), ("66.12", "exchange", "currency exchange office"),
              ("47.77", "jewellery", "jewellery retail"), ("68.31", "trading", "real estate agency"),
              ("82.99", "consulting", "business support services"), ("70.22", "consulting", "consultancy"),
              ("46.90", "trading", "general trading"), ("64.20", "trading", "holding company"))
INCOTERMS_CROSS = ("EXW", "FCA", "FOB", "CIF", "CPT", "CIP", "DAP", "DDP")
INCOTERMS_HOME = ("EXW", "DAP", "DDP")
SECTOR_INDEX = {s.nace: i for i, s in enumerate(SECTORS)}

# Buyer countries (weights); each world perturbs them.
BUYER_COUNTRIES = {"TR": 16, "DE": 10, "GB": 9, "ES": 7, "FR": 6, "IT": 6, "NL": 4, "PL": 4, "DK": 2, "US": 8, "CN": 6,
                   "IN": 4, "JP": 3, "KR": 3, "AE": 3, "IQ": 1.5, "JO": 1, "LB": 0.7, "SA": 1.5, "EG": 1.5}

VAGUE_END_USES = ("general trading", "for resale", "trading", "stock", "various", "general purpose", "n/a", "-")
