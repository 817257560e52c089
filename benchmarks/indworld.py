"""An independent synthetic world for screening (see bench_screen_independent.py).

Written from the data contract, the public red-flag indicators and reference lists in
shared/reference, the news seeds and general knowledge of how distributors' customers and
procurement networks behave - without reading redtrace's own generator or rules. Nothing here
imports redtrace: the world is plain CSV in the contract's format.

    from indworld import build_world, write_world
    world = build_world(seed=1, orders=30000)
    write_world(world, Path("out/indworld/1"))   # dataset/, labels.csv, watchlist.csv, params.json
"""

from __future__ import annotations

import csv
import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# --- goods: (hs code, description, unit, unit price in USD) ------------------------------------
# HS codes from shared/reference (EU 2019/1148 precursors, CHPL, drone components) and the HS
# nomenclature for the ordinary goods around them.
GOODS: dict[str, tuple[str, str, str, float]] = {
    # chemicals
    "al_paste": ("3212.90", "Aluminium pigment paste, leafing, 65 % solids in white spirit", "kg", 7.5),
    "al_powder": ("7603.10", "Aluminium powder, atomised, non-lamellar, <45 micron", "kg", 6.0),
    "al_flake": ("7603.20", "Aluminium flakes, lamellar powder", "kg", 8.0),
    "mg_powder": ("8104.30", "Magnesium powder 50-100 micron", "kg", 9.0),
    "an": ("3102.30", "Ammonium nitrate, porous prilled, 34.5 % N", "t", 420.0),
    "can": ("3102.60", "Calcium ammonium nitrate 27 % N, granular", "t", 330.0),
    "kno3": ("2834.21", "Potassium nitrate, technical grade", "kg", 1.4),
    "nano3": ("3102.50", "Sodium nitrate, industrial", "kg", 0.9),
    "cano3": ("2834.29", "Calcium nitrate tetrahydrate, water soluble", "kg", 0.7),
    "h2o2_35": ("2847.00", "Hydrogen peroxide 35 % w/w", "l", 1.1),
    "h2o2_50": ("2847.00", "Hydrogen peroxide 50 % w/w, stabilised", "l", 1.5),
    "h2o2_6": ("2847.00", "Hydrogen peroxide 6 % solution", "l", 0.8),
    "hno3": ("2808.00", "Nitric acid 65 %", "l", 0.9),
    "h2so4": ("2807.00", "Sulphuric acid 96-98 %", "l", 0.35),
    "acetone": ("2914.11", "Acetone, technical grade", "l", 1.2),
    "hexamine": ("2933.69", "Hexamethylenetetramine (hexamine) powder", "kg", 3.2),
    "kclo3": ("2829.19", "Potassium chlorate, 99 %", "kg", 2.6),
    "kclo4": ("2829.90", "Potassium perchlorate, pyrotechnic grade", "kg", 4.8),
    "naclo3": ("2829.11", "Sodium chlorate", "kg", 1.1),
    "nitromethane": ("2904.20", "Nitromethane 99 %", "l", 6.5),
    "sorbitol": ("2905.44", "D-glucitol (sorbitol) powder, food grade", "kg", 1.0),
    "citric": ("2918.14", "Citric acid anhydrous", "kg", 1.1),
    "naocl": ("2828.90", "Sodium hypochlorite solution 12.5 %", "l", 0.3),
    "tio2": ("3206.11", "Titanium dioxide pigment, rutile", "kg", 3.1),
    "epoxy": ("3907.30", "Epoxide resin, liquid", "kg", 4.5),
    "xylene": ("2902.44", "Xylene, mixed isomers", "l", 1.0),
    "gasoil": ("2710.19", "Gas oil, low sulphur", "l", 0.8),
    "npk": ("3105.20", "NPK fertiliser 15-15-15", "t", 450.0),
    "urea": ("3102.10", "Urea 46 % N, granular", "t", 380.0),
    # electronics
    "mcu": ("8542.31", "Microcontroller, 32-bit ARM Cortex-M4, LQFP64", "pcs", 6.5),
    "fpga": ("8542.31", "FPGA, 50k logic cells", "pcs", 45.0),
    "flash": ("8542.32", "Serial NOR flash 128 Mbit", "pcs", 1.6),
    "opamp": ("8542.33", "Operational amplifier, dual, low noise", "pcs", 0.9),
    "rf_ic": ("8542.39", "RF transceiver IC 2.4 GHz", "pcs", 4.2),
    "tantalum": ("8532.21", "Tantalum capacitor 47 uF", "pcs", 0.35),
    "mlcc": ("8532.24", "MLCC capacitor 0603 100 nF (reel)", "pcs", 0.01),
    "pcb": ("8534.00", "Printed circuit board, 4-layer, bare", "pcs", 3.5),
    "connector": ("8536.69", "Board connector, 2.54 mm pitch", "pcs", 0.4),
    "mosfet": ("8541.29", "Power MOSFET 60 V", "pcs", 0.8),
    "diode": ("8541.10", "Schottky diode", "pcs", 0.1),
    "resistor": ("8533.21", "SMD resistor kit", "pcs", 0.01),
    "gnss": ("8526.91", "GNSS receiver module, multi-constellation", "pcs", 38.0),
    "rc_set": ("8526.92", "Radio remote control transmitter and receiver set", "set", 210.0),
    "datalink": ("8517.62", "Telemetry / video datalink modem 900 MHz", "pcs", 160.0),
    "router": ("8517.62", "Router, industrial, LTE", "pcs", 240.0),
    "antenna": ("8529.10", "Antenna, omnidirectional", "pcs", 25.0),
    "camera": ("8525.89", "Gimbal EO camera 30x zoom", "pcs", 1450.0),
    "cctv": ("8525.89", "IP surveillance camera", "pcs", 95.0),
    "esc": ("8504.40", "Electronic speed controller 40 A", "pcs", 28.0),
    "psu": ("8504.40", "Power supply 24 V DC, DIN rail", "pcs", 55.0),
    "charger": ("8504.40", "Phone charger USB-C 20 W", "pcs", 6.0),
    "phone": ("8517.13", "Smartphone", "pcs", 240.0),
    "phone_case": ("3926.90", "Phone cases, silicone", "pcs", 1.5),
    "laptop": ("8471.30", "Laptop computer 14 inch", "pcs", 650.0),
    "server": ("8471.50", "Server processing unit, 2U", "pcs", 3900.0),
    "scope": ("9030.20", "Digital oscilloscope 200 MHz", "pcs", 950.0),
    "multimeter": ("9030.39", "Bench multimeter", "pcs", 210.0),
    "siggen": ("8543.20", "Signal generator 6 GHz", "pcs", 2900.0),
    # unmanned aircraft and engines
    "drone_small": ("8806.22", "Quadcopter with camera, MTOW 0.9 kg", "pcs", 1100.0),
    "drone_heavy": ("8806.23", "Heavy-lift multirotor, MTOW 22 kg", "pcs", 14500.0),
    "bldc": ("8501.31", "Brushless DC motor 2212 920 kV", "pcs", 22.0),
    "servo": ("8501.10", "Digital servo, metal gear", "pcs", 18.0),
    "lipo": ("8507.60", "LiPo battery pack 4S 5000 mAh", "pcs", 60.0),
    "propeller": ("8807.10", "Carbon propellers (pair)", "pcs", 12.0),
    "airframe": ("8807.30", "Carbon fibre airframe kit, fixed wing", "set", 780.0),
    "fc": ("8537.10", "Flight controller board", "pcs", 140.0),
    "autopilot": ("9032.89", "Autopilot unit with telemetry", "pcs", 1200.0),
    "imu": ("9014.20", "Inertial measurement unit, MEMS", "pcs", 1800.0),
    "turbojet": ("8411.11", "Micro turbojet engine 180 N thrust", "pcs", 6200.0),
    "turbine_parts": ("8411.91", "Parts for turbojets: starter, pump, nozzle", "pcs", 420.0),
    "pulsejet": ("8412.10", "Pulse jet engine, valved", "pcs", 2400.0),
    "uav_engine": ("8407.10", "Two-stroke UAV piston engine 100 cc", "pcs", 1900.0),
    "motion_ctrl": ("8537.10", "Motion control unit, multi-axis", "pcs", 850.0),
    # industrial
    "bearing": ("8482.10", "Deep groove ball bearing", "pcs", 4.0),
    "roller_bearing": ("8482.20", "Tapered roller bearing", "pcs", 14.0),
    "cnc_lathe": ("8458.11", "CNC horizontal lathe", "pcs", 68000.0),
    "cnc_mill": ("8459.61", "CNC milling machine", "pcs", 52000.0),
    "tool_parts": ("8466.93", "Parts for machine tools: chucks, spindles", "pcs", 320.0),
    "lead_acid": ("8507.10", "Lead-acid starter battery 12 V", "pcs", 85.0),
    "steel_tube": ("7306.30", "Welded steel tube, 60 mm", "kg", 1.1),
    "fasteners": ("7318.15", "Steel bolts and screws", "kg", 3.0),
}

SELLER_KINDS = {
    "chemical": ["al_paste", "al_powder", "al_flake", "mg_powder", "an", "can", "kno3", "nano3", "cano3", "h2o2_35",
                 "h2o2_50", "h2o2_6", "hno3", "h2so4", "acetone", "hexamine", "kclo3", "kclo4", "naclo3",
                 "nitromethane", "sorbitol", "citric", "naocl", "tio2", "epoxy", "xylene", "gasoil", "npk", "urea"],
    "electronics": ["mcu", "fpga", "flash", "opamp", "rf_ic", "tantalum", "mlcc", "pcb", "connector", "mosfet",
                    "diode", "resistor", "gnss", "datalink", "router", "antenna", "cctv", "esc", "psu", "charger",
                    "phone", "phone_case", "laptop", "server", "scope", "multimeter", "siggen", "camera"],
    "aero_hobby": ["drone_small", "drone_heavy", "bldc", "servo", "lipo", "propeller", "airframe", "fc", "autopilot",
                   "imu", "turbojet", "turbine_parts", "pulsejet", "uav_engine", "rc_set", "esc", "gnss", "camera",
                   "datalink", "antenna"],
    "industrial": ["bearing", "roller_bearing", "cnc_lathe", "cnc_mill", "tool_parts", "lead_acid", "steel_tube",
                   "fasteners", "motion_ctrl", "psu"],
}  # fmt: skip


@dataclass
class Archetype:
    key: str
    nace: list[str]
    activity: list[str]
    goods: dict[str, float]  # good -> typical quantity per order for a firm of `ref_size` employees
    employees: tuple[int, int]
    per_year: tuple[float, float]  # orders a year
    end_use: list[str]
    weight: float = 1.0
    oddity: str = ""  # a legitimate buyer that looks odd at first sight


ORDINARY = [
    Archetype("paint_maker", ["20.30"], ["manufacture of paints, varnishes and coatings", "industrial coatings producer",
              "Boya ve vernik imalati"], {"al_paste": 800, "tio2": 2000, "epoxy": 1500, "xylene": 1200,
              "acetone": 600}, (20, 400), (6, 20), ["metallic paint production", "industrial coatings",
              "production of automotive refinish paints", "anti-corrosion coatings"], 1.2, "paint_al_paste"),
    Archetype("mining", ["08.11", "07.29", "08.99"], ["quarrying of limestone and granite", "open-pit mining",
              "mining of non-ferrous ores"], {"an": 40, "gasoil": 20000, "bearing": 60, "roller_bearing": 30},
              (50, 900), (4, 14), ["ANFO blasting at licensed quarry", "open-pit blasting, explosives licence on file",
              "mining operations"], 0.8, "mining_an"),
    Archetype("blasting", ["43.12"], ["site preparation and demolition", "drilling and blasting contractor"],
              {"an": 12, "gasoil": 5000}, (10, 120), (3, 10), ["rock blasting for road construction",
              "licensed blasting works"], 0.4, "blasting_an"),
    Archetype("fert_wholesale", ["46.75", "46.21"], ["wholesale of agrochemical products", "fertiliser distributor",
              "wholesale of grain, seeds and fertilisers"], {"an": 60, "can": 80, "kno3": 5000, "nano3": 3000,
              "cano3": 6000, "npk": 120, "urea": 100}, (10, 250), (8, 24), ["resale to farmers",
              "agricultural distribution", "fertiliser for regional farms"], 1.2),
    Archetype("farm", ["01.11", "01.13", "01.24", "01.50"], ["growing of cereals", "vegetable growing under glass",
              "fruit orchards", "mixed farming"], {"can": 8, "npk": 12, "cano3": 800, "kno3": 500, "urea": 10},
              (2, 60), (2, 6), ["fertiliser for own fields", "greenhouse fertigation", ""], 1.5),
    Archetype("water", ["36.00", "37.00"], ["water collection, treatment and supply", "sewerage and waste water"],
              {"naocl": 8000, "h2so4": 4000, "h2o2_35": 2500}, (30, 600), (8, 20), ["water disinfection",
              "pH control at treatment plant", "waste water treatment"], 0.6),
    Archetype("pool", ["47.78", "46.75"], ["swimming pool supplies", "pool chemicals retail"],
              {"naocl": 1200, "h2o2_35": 200, "h2so4": 300}, (2, 25), (4, 12), ["resale to pool owners",
              "pool maintenance", ""], 0.6),
    Archetype("pharma", ["21.20", "21.10"], ["manufacture of pharmaceutical preparations", "generic drug producer"],
              {"h2o2_35": 600, "acetone": 900, "hexamine": 150, "sorbitol": 2500, "citric": 1500}, (40, 800),
              (6, 18), ["pharmaceutical excipient", "API synthesis solvent", "GMP production"], 0.6),
    Archetype("food", ["10.82", "10.89", "10.32"], ["manufacture of confectionery", "food ingredients",
              "fruit juice production"], {"sorbitol": 4000, "citric": 3000}, (15, 500), (6, 20),
              ["sugar-free confectionery", "food production", "beverage acidulant"], 0.9),
    Archetype("cosmetics", ["20.42"], ["manufacture of perfumes and toilet preparations", "hair care products"],
              {"h2o2_6": 1500, "h2o2_35": 200, "acetone": 300, "sorbitol": 800}, (10, 200), (4, 12),
              ["hair bleach formulation", "nail polish remover", "cosmetics production"], 0.5),
    Archetype("lab", ["72.19", "85.42"], ["research and experimental development on natural sciences",
              "university department of chemistry and engineering"], {"acetone": 40, "hno3": 20, "h2so4": 20,
              "kno3": 5, "h2o2_35": 10, "mcu": 50, "scope": 2, "siggen": 1, "multimeter": 3, "gnss": 5,
              "bldc": 8, "fc": 2, "lipo": 4}, (20, 900), (6, 20), ["teaching laboratory", "research project",
              "student robotics project", ""], 0.8, "lab_mixed"),
    Archetype("pyro", ["20.51"], ["manufacture of explosives and fireworks", "pyrotechnics manufacturer"],
              {"kclo4": 600, "kno3": 1200, "mg_powder": 200, "al_powder": 300, "al_flake": 150}, (10, 150),
              (3, 8), ["fireworks production under licence", "pyrotechnic compositions"], 0.25, "pyro_oxidisers"),
    Archetype("electronics_mfr", ["26.11", "26.12", "26.30", "27.90"], ["manufacture of electronic components",
              "contract electronics manufacturing", "manufacture of communication equipment"],
              {"mcu": 1200, "fpga": 40, "flash": 1500, "opamp": 2000, "rf_ic": 600, "tantalum": 3000,
               "mlcc": 40000, "pcb": 800, "connector": 5000, "mosfet": 2500, "diode": 5000, "resistor": 50000,
               "gnss": 200, "psu": 60}, (20, 1200), (12, 40), ["production of industrial controllers",
              "PCB assembly for customers", "telecom equipment manufacturing", "IoT devices"], 1.5),
    Archetype("phone_shop", ["47.42"], ["retail of mobile phones and accessories", "mobile phone shop",
              "GSM bayii, cep telefonu satisi"], {"phone": 25, "phone_case": 200, "charger": 150}, (1, 12), (4, 14),
              ["resale", "retail sale", ""], 1.6),
    Archetype("computer_shop", ["47.41", "46.51"], ["retail of computers and software", "IT hardware reseller"],
              {"laptop": 15, "server": 1, "router": 6, "psu": 10, "connector": 200}, (2, 60), (4, 14),
              ["resale to businesses", "retail", ""], 1.0),
    Archetype("it_services", ["62.02", "61.10"], ["IT consultancy", "internet service provider"],
              {"server": 3, "router": 20, "antenna": 30, "datalink": 10, "laptop": 10}, (10, 300), (3, 10),
              ["network build-out", "data centre equipment", "customer installations"], 0.7),
    Archetype("hobby_shop", ["47.65", "47.64"], ["model and hobby shop", "RC models and drones retail",
              "retail of games and toys"], {"drone_small": 6, "bldc": 40, "lipo": 30, "propeller": 60,
              "rc_set": 5, "fc": 8, "servo": 30, "esc": 20}, (1, 25), (4, 12), ["resale to hobbyists", "retail",
              ""], 0.9, "hobby_drone_parts"),
    Archetype("rc_jet_club", ["93.12", "47.65"], ["model aircraft club", "RC jet modelling shop"],
              {"turbojet": 1, "turbine_parts": 3, "servo": 20, "lipo": 10, "airframe": 1}, (1, 10), (1, 4),
              ["jet model aircraft", "club competition models", ""], 0.25, "hobby_turbojet"),
    Archetype("survey_drones", ["74.90", "71.12"], ["aerial survey and inspection", "drone mapping services"],
              {"drone_heavy": 1, "drone_small": 2, "camera": 1, "gnss": 4, "lipo": 12, "imu": 1}, (3, 80),
              (2, 8), ["photogrammetry surveys", "power line inspection", "agricultural mapping"], 0.6,
              "survey_drones"),
    Archetype("agri_drones", ["01.61"], ["support activities for crop production", "crop spraying services"],
              {"drone_heavy": 1, "lipo": 20, "propeller": 20, "gnss": 2}, (3, 40), (1, 5),
              ["crop spraying", "precision agriculture"], 0.4, "agri_drones"),
    Archetype("uav_maker", ["30.30"], ["manufacture of air and spacecraft", "UAV design and manufacturing"],
              {"fc": 40, "autopilot": 10, "imu": 10, "bldc": 200, "uav_engine": 6, "airframe": 10, "gnss": 40,
               "datalink": 20, "camera": 6, "servo": 80, "turbojet": 2, "mcu": 300}, (15, 400), (6, 18),
              ["target drone production", "civil UAV manufacturing", "mapping UAV series production"], 0.3,
              "uav_maker"),
    Archetype("aero_mro", ["33.16"], ["repair and maintenance of aircraft", "aviation MRO"],
              {"turbine_parts": 10, "imu": 2, "bearing": 200, "autopilot": 1, "fasteners": 100}, (20, 600),
              (6, 16), ["aircraft maintenance", "engine overhaul", "MRO spares"], 0.3),
    Archetype("machine_shop", ["25.62", "28.41"], ["machining", "precision engineering workshop",
              "manufacture of metal forming machinery"], {"bearing": 300, "roller_bearing": 80, "tool_parts": 12,
              "cnc_lathe": 1, "cnc_mill": 1, "steel_tube": 3000, "fasteners": 400, "motion_ctrl": 2}, (5, 300),
              (6, 18), ["machining of customer parts", "workshop equipment", "production"], 1.1),
    Archetype("car_repair", ["45.20", "45.31"], ["maintenance and repair of motor vehicles",
              "wholesale of motor vehicle parts"], {"bearing": 80, "lead_acid": 30, "fasteners": 50}, (2, 80),
              (6, 20), ["vehicle repairs", "resale", ""], 1.3),
    Archetype("security", ["43.21", "80.20"], ["electrical installation", "security systems installation"],
              {"cctv": 40, "router": 8, "psu": 30, "antenna": 10, "connector": 300}, (3, 150), (4, 14),
              ["CCTV installation for customers", "site security systems", ""], 0.8),
]  # fmt: skip

# Businesses a front company pretends to be: none of them uses precursors, engines or control electronics.
FRONT_ACTIVITIES = [
    ("47.42", "mobile phone shop"), ("47.42", "cep telefonu ve aksesuar satisi"), ("10.71", "bakery"),
    ("47.71", "retail of clothing"), ("77.11", "car rental"), ("77.11", "luxury car hire"),
    ("79.11", "travel agency"), ("56.10", "restaurant"), ("68.31", "real estate agency"),
    ("96.02", "hairdressing"), ("47.77", "jewellery shop"), ("31.09", "furniture making"),
    ("47.11", "grocery store"), ("49.32", "taxi operation"), ("13.92", "textile workshop"),
]
GENERIC_ACTIVITIES = [
    ("46.90", "non-specialised wholesale trade"), ("46.90", "general trading"), ("70.22", "business consultancy"),
    ("46.19", "agents in the sale of a variety of goods"), ("82.99", "import-export services"),
    ("46.90", "import and export of general goods"),
]
PLAUSIBLE_TRADERS = [
    ("46.52", "wholesale of electronic and telecommunications equipment and parts", ["mcu", "rf_ic", "gnss",
     "datalink", "fpga", "antenna", "camera"]),
    ("46.75", "wholesale of chemical products", ["al_paste", "kno3", "h2o2_50", "acetone", "hexamine", "sorbitol",
     "al_powder", "an"]),
    ("46.69", "wholesale of other machinery and equipment", ["motion_ctrl", "bldc", "servo", "turbine_parts", "imu",
     "turbojet", "uav_engine"]),
    ("33.16", "repair and maintenance of aircraft", ["turbojet", "turbine_parts", "imu", "autopilot"]),
    ("74.90", "drone services", ["fc", "autopilot", "gnss", "bldc", "uav_engine", "datalink", "camera"]),
]  # fmt: skip

ILLICIT_GOODS = {  # (good, (low, high) quantity) as bought by procurement networks: bulk or mission-specific
    "precursor": [("al_paste", (1500, 8000)), ("an", (15, 120)), ("kno3", (2000, 20000)), ("h2o2_50", (500, 4000)),
                  ("hno3", (500, 3000)), ("acetone", (800, 5000)), ("hexamine", (200, 1500)),
                  ("sorbitol", (5000, 40000)), ("al_powder", (500, 4000)), ("kclo3", (300, 3000)),
                  ("nitromethane", (100, 800)), ("mg_powder", (100, 1000)), ("h2so4", (1000, 6000))],
    "drone": [("turbojet", (1, 6)), ("pulsejet", (1, 4)), ("uav_engine", (2, 12)), ("bldc", (40, 400)),
              ("fc", (10, 60)), ("autopilot", (2, 15)), ("imu", (2, 10)), ("servo", (40, 300)),
              ("airframe", (2, 12)), ("motion_ctrl", (5, 30)), ("lipo", (30, 200)), ("datalink", (5, 40)),
              ("turbine_parts", (5, 40))],
    "electronics": [("mcu", (200, 3000)), ("rf_ic", (200, 2000)), ("gnss", (20, 300)), ("fpga", (10, 80)),
                    ("camera", (2, 20)), ("tantalum", (2000, 20000)), ("siggen", (1, 4)), ("antenna", (20, 200))],
}  # fmt: skip
ILLICIT_QTY = {g: q for family in ILLICIT_GOODS.values() for g, q in family}
VAGUE_END_USE = ["", "", "general use", "trading", "n/a", "for stock", "industrial", "various", "to be advised",
                 "resale", "customer project", "-"]  # fmt: skip
PLAUSIBLE_LIE = ["paint production", "agricultural use", "mining project", "research", "spare parts for customer",
                 "model aircraft", "telecom installation", "water treatment", "construction project"]  # fmt: skip

# --- places --------------------------------------------------------------------------------------
COUNTRY = {  # code: (currency, phone prefix, cities [(city, region)], legal forms, culture)
    "GB": ("GBP", "+44", [("London", "Greater London"), ("Manchester", "Greater Manchester"), ("Birmingham",
           "West Midlands"), ("Leeds", "West Yorkshire"), ("Glasgow", "Scotland"), ("Bristol", "Bristol")],
           ["Ltd", "Limited", "LLP"], "en"),
    "DE": ("EUR", "+49", [("Hamburg", "Hamburg"), ("Munich", "Bavaria"), ("Frankfurt am Main", "Hesse"),
           ("Stuttgart", "Baden-Wurttemberg"), ("Duisburg", "North Rhine-Westphalia")], ["GmbH", "AG", "KG"], "de"),
    "NL": ("EUR", "+31", [("Rotterdam", "Zuid-Holland"), ("Eindhoven", "Noord-Brabant"), ("Amsterdam",
           "Noord-Holland")], ["B.V.", "N.V."], "nl"),
    "BE": ("EUR", "+32", [("Antwerp", "Antwerp"), ("Ghent", "East Flanders"), ("Liege", "Liege")],
           ["BV", "NV", "SRL"], "nl"),
    "DK": ("DKK", "+45", [("Copenhagen", "Hovedstaden"), ("Aarhus", "Midtjylland"), ("Odense", "Syddanmark")],
           ["A/S", "ApS"], "da"),
    "ES": ("EUR", "+34", [("Barcelona", "Catalonia"), ("Valencia", "Valencia"), ("Madrid", "Madrid"),
           ("Bilbao", "Basque Country")], ["S.L.", "S.A."], "es"),
    "IT": ("EUR", "+39", [("Milan", "Lombardy"), ("Turin", "Piedmont"), ("Bologna", "Emilia-Romagna")],
           ["S.r.l.", "S.p.A."], "it"),
    "FR": ("EUR", "+33", [("Lyon", "Auvergne-Rhone-Alpes"), ("Paris", "Ile-de-France"), ("Marseille",
           "Provence-Alpes-Cote d'Azur")], ["SARL", "SAS", "SA"], "fr"),
    "PL": ("PLN", "+48", [("Warsaw", "Mazowieckie"), ("Gdansk", "Pomorskie"), ("Wroclaw", "Dolnoslaskie")],
           ["Sp. z o.o.", "S.A."], "pl"),
    "CZ": ("CZK", "+420", [("Prague", "Praha"), ("Brno", "Jihomoravsky"), ("Ostrava", "Moravskoslezsky")],
           ["s.r.o.", "a.s."], "cs"),
    "AT": ("EUR", "+43", [("Vienna", "Wien"), ("Linz", "Oberosterreich"), ("Graz", "Steiermark")], ["GmbH"], "de"),
    "US": ("USD", "+1", [("Houston", "TX"), ("Chicago", "IL"), ("Newark", "NJ"), ("San Jose", "CA")],
           ["Inc.", "LLC", "Corp."], "en"),
    "CN": ("CNY", "+86", [("Shenzhen", "Guangdong"), ("Shanghai", "Shanghai"), ("Ningbo", "Zhejiang")],
           ["Co., Ltd."], "zh"),
    "TR": ("TRY", "+90", [("Istanbul", "Istanbul"), ("Ankara", "Ankara"), ("Izmir", "Izmir"), ("Bursa", "Bursa"),
           ("Konya", "Konya"), ("Kayseri", "Kayseri"), ("Mersin", "Mersin"), ("Adana", "Adana"),
           ("Gaziantep", "Gaziantep"), ("Şanlıurfa", "Şanlıurfa"), ("Antalya", "Antalya")],
           ["Ltd. Şti.", "A.Ş.", "Limited Şirketi", "Tic. Ltd. Şti."], "tr"),
    "AE": ("AED", "+971", [("Dubai", "Dubai"), ("Sharjah", "Sharjah"), ("Abu Dhabi", "Abu Dhabi")],
           ["LLC", "FZE", "FZ-LLC", "General Trading LLC"], "ar"),
    "JO": ("JOD", "+962", [("Amman", "Amman"), ("Zarqa", "Zarqa"), ("Irbid", "Irbid")], ["Co.", "LLC"], "ar"),
    "LB": ("LBP", "+961", [("Beirut", "Beirut"), ("Tripoli", "North"), ("Sidon", "South")], ["SARL", "SAL"], "ar"),
    "IQ": ("IQD", "+964", [("Baghdad", "Baghdad"), ("Erbil", "Erbil"), ("Basra", "Basra"), ("Mosul", "Nineveh")],
           ["Co.", "LLC"], "ar"),
    "SA": ("SAR", "+966", [("Riyadh", "Riyadh"), ("Jeddah", "Makkah"), ("Dammam", "Eastern Province")],
           ["Co.", "LLC"], "ar"),
    "EG": ("EGP", "+20", [("Cairo", "Cairo"), ("Alexandria", "Alexandria"), ("Giza", "Giza")], ["S.A.E.", "LLC"],
           "ar"),
    "GE": ("GEL", "+995", [("Tbilisi", "Tbilisi"), ("Batumi", "Adjara")], ["LLC"], "en"),
    "AZ": ("AZN", "+994", [("Baku", "Baku"), ("Ganja", "Ganja")], ["MMC", "LLC"], "tr"),
    "RO": ("RON", "+40", [("Bucharest", "Bucuresti"), ("Constanta", "Constanta")], ["S.R.L.", "S.A."], "ro"),
    "BG": ("BGN", "+359", [("Sofia", "Sofia"), ("Plovdiv", "Plovdiv"), ("Varna", "Varna")], ["EOOD", "OOD"], "bg"),
    "GR": ("EUR", "+30", [("Athens", "Attica"), ("Thessaloniki", "Central Macedonia")], ["S.A.", "IKE"], "el"),
    "UA": ("UAH", "+380", [("Kyiv", "Kyiv"), ("Odesa", "Odesa"), ("Kharkiv", "Kharkiv")], ["TOV", "LLC"], "uk"),
    "KZ": ("KZT", "+7", [("Almaty", "Almaty"), ("Astana", "Astana")], ["TOO", "LLP"], "ru"),
    "IN": ("INR", "+91", [("Mumbai", "Maharashtra"), ("Chennai", "Tamil Nadu"), ("Pune", "Maharashtra")],
           ["Pvt. Ltd."], "en"),
    "SY": ("SYP", "+963", [("Aleppo", "Aleppo"), ("Raqqa", "Raqqa"), ("Damascus", "Damascus")], ["LLC"], "ar"),
}  # fmt: skip
# Turkish towns on or near the Syrian border (CAR20-04), written as a Turkish clerk would or in ASCII.
BORDER_TOWNS = [("Akçakale", "Akcakale", "Şanlıurfa"), ("Kilis", "Kilis", "Kilis"),
                ("Ceylanpınar", "Ceylanpinar", "Şanlıurfa"), ("Suruç", "Suruc", "Şanlıurfa"),
                ("Reyhanlı", "Reyhanli", "Hatay"), ("Nusaybin", "Nusaybin", "Mardin"),
                ("Karkamış", "Karkamis", "Gaziantep"), ("Elbeyli", "Elbeyli", "Kilis"),
                ("Siverek", "Siverek", "Şanlıurfa"), ("Şanlıurfa", "Sanliurfa", "Şanlıurfa"),
                ("Gaziantep", "Gaziantep", "Gaziantep"), ("Yayladağı", "Yayladagi", "Hatay")]  # fmt: skip
FX = {"USD": 1.0, "EUR": 0.9, "GBP": 0.78, "TRY": 8.0, "DKK": 6.7, "PLN": 3.9, "CZK": 22.0, "CNY": 6.8, "AED": 3.67,
      "JOD": 0.71, "LBP": 1507.0, "IQD": 1190.0, "SAR": 3.75, "EGP": 16.0, "GEL": 2.9, "AZN": 1.7, "RON": 4.2,
      "BGN": 1.76, "UAH": 26.0, "KZT": 380.0, "INR": 70.0, "SYP": 500.0}  # fmt: skip
WEBMAIL = ["gmail.com", "hotmail.com", "outlook.com", "yandex.com", "yahoo.com", "mail.ru"]
FORWARDERS = ["Ekol Lojistik", "Borusan Lojistik", "Kuehne + Nagel", "DHL Global Forwarding", "DB Schenker",
              "Aramex", "Gulf Cargo Express", "Anatolia Cargo Transport", "Mersin Freight Services", "Hatay Nakliyat"]

# --- names ---------------------------------------------------------------------------------------
GIVEN = {
    "tr": ["Mehmet", "Ahmet", "Mustafa", "Ali", "Hüseyin", "Hasan", "İbrahim", "Emre", "Murat", "Ömer", "Yusuf",
           "Fatma", "Ayşe", "Zeynep", "Halil", "Abdullah", "Mahmut", "Şükrü", "Gökhan", "Selçuk"],
    "ar": ["Mohammed", "Ahmad", "Khalid", "Omar", "Abdullah", "Yousef", "Ali", "Hassan", "Ibrahim", "Abdulrahman",
           "Faisal", "Tariq", "Sami", "Nour", "Fatima", "Mahmoud", "Walid", "Ziad", "Bilal", "Hamza"],
    "en": ["James", "David", "Sarah", "Michael", "Emma", "Daniel", "Laura", "Robert", "Imran", "Tom", "Claire",
           "Andrew"],
    "de": ["Thomas", "Stefan", "Andreas", "Katrin", "Jürgen", "Markus", "Sabine", "Jan"],
    "other": ["Jan", "Pieter", "Lars", "Carlos", "Marco", "Pierre", "Piotr", "Jiri", "Nikos", "Ivan", "Giorgi",
              "Elena", "Ana", "Sofia", "Rahul", "Wei", "Olena", "Dmitri", "Aliyev"],
}  # fmt: skip
FAMILY = {
    "tr": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan", "Kılıç",
           "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özdemir", "Polat", "Güneş", "Bozkurt", "Aktaş", "Erdoğan"],
    "ar": ["Al-Hassan", "Haddad", "Khoury", "Al-Masri", "Nasser", "Saleh", "Al-Obeidi", "Hamdan", "Aziz", "Qasim",
           "Al-Rawi", "Mansour", "Darwish", "Al-Jabouri", "Shalabi", "Al-Tikriti", "Karim", "Abbas"],
    "en": ["Smith", "Jones", "Taylor", "Brown", "Khan", "Patel", "Wilson", "Evans", "Hughes", "Ali", "Walker"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Wagner", "Hoffmann"],
    "other": ["Jansen", "de Vries", "Nielsen", "Garcia", "Rossi", "Dubois", "Kowalski", "Novak", "Papadopoulos",
              "Petrenko", "Beridze", "Popescu", "Ivanov", "Sharma", "Wang", "Mammadov"],
}  # fmt: skip
WORDS = {
    "tr": ["Anadolu", "Güneydoğu", "Fırat", "Harran", "Yıldız", "Deniz", "Özgür", "Kardeşler", "Altın", "Birlik",
           "Doğu", "Ekin", "Sınır", "Akdeniz", "Bereket", "Nur", "Hilal", "Ufuk", "Toros", "Mavi", "Kuzey", "Ege"],
    "ar": ["Al Noor", "Al Amal", "Al Fajr", "Al Rafidain", "Al Sham", "Al Hayat", "Al Baraka", "Dar Al Salam",
           "Al Waha", "Al Furat", "Al Majd", "Al Safwa", "Al Rayan", "Al Jazeera", "Al Khaleej", "Zamzam"],
    "en": ["Albion", "Northgate", "Crown", "Meridian", "Apex", "Silverline", "Kestrel", "Harbour", "Pennine",
           "Summit", "Oakwood", "Vanguard", "Redbridge", "Thames", "Highland", "Orbit", "Falcon", "Beacon"],
    "other": ["Nordic", "Delta", "Alpha", "Euro", "Polar", "Atlas", "Vector", "Stella", "Orion", "Terra",
              "Sigma", "Nova", "Baltic", "Adria", "Iberia", "Danube", "Helvetia", "Lumen", "Arco", "Zenit"],
}  # fmt: skip
AR_SECOND = ["Star", "Gulf", "Crescent", "Horizon", "Bridge", "Al Jadida", "Al Dawliya", "Al Arabiya", "Pearl",
             "Palm", "Falcon", "Al Sharq", "Al Wataniya", "Modern", "United", "National", "Al Mutahida"]  # fmt: skip
TRADE_NOUNS = ["Tech", "Systems", "Logistics", "Engineering", "Industrie", "Partners", "Holdings", "Components",
               "Technik", "Materials", "Distribution", "Automation", "Works", "Instruments", "Process", "Energy",
               "Handel", "Industries", "Labs", "Products", "Commerce", "Technologies", "Marine", "Agro"]  # fmt: skip
SECTOR_WORD = {
    "chemical": ["Chemicals", "Chemie", "Kimya", "Chemical Trading"], "electronics": ["Electronics", "Elektronik",
    "Components", "Semiconductors"], "aero_hobby": ["Aero", "Modellbau", "UAV Systems", "RC Models"],
    "industrial": ["Industrial Supply", "Bearings", "Maschinen", "Makina"],
}  # fmt: skip
TR_TRADE = ["Ticaret", "İthalat İhracat", "Sanayi ve Ticaret", "İnşaat Ticaret", "Gıda", "İletişim", "Elektronik",
            "Otomotiv", "Turizm", "Tekstil", "Kimya"]  # fmt: skip
STREETS = {"tr": ["Atatürk Cd.", "İnönü Cd.", "Cumhuriyet Mah.", "Sanayi Sitesi", "Hürriyet Cd.", "Fevzi Çakmak Blv."],
           "ar": ["Sheikh Zayed Rd", "King Abdullah St", "Al Rashid St", "Hamra St", "Industrial Area 4"],
           "en": ["High Street", "Station Road", "Church Lane", "Industrial Estate", "Mill Road", "Park Way"],
           "other": ["Hauptstrasse", "Industrieweg", "Calle Mayor", "Via Roma", "Rue de la Gare", "ul. Polna",
                     "Havnegade"]}  # fmt: skip
FORMATION_ADDRESSES = [("Kemp House, 160 City Road", "London", "Greater London", "EC1V 2NX"),
                       ("71-75 Shelton Street", "London", "Greater London", "WC2H 9JQ"),
                       ("20-22 Wenlock Road", "London", "Greater London", "N1 7GU")]  # fmt: skip


def culture(country: str) -> str:
    c = COUNTRY[country][4]
    return c if c in ("tr", "ar", "en", "de") else "other"


def ascii_tr(s: str) -> str:
    return s.translate(str.maketrans("şŞçÇğĞıİöÖüÜ", "sScCgGiIoOuU"))


@dataclass
class World:
    seed: int
    params: dict
    parties: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    orders: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    watchlist: list[dict] = field(default_factory=list)


class Builder:
    def __init__(self, seed: int, orders: int):
        self.r = random.Random(seed)
        r = self.r
        self.n_orders = orders
        self.start = date(r.randint(2012, 2020), r.randint(1, 12), 1)
        self.days = r.randint(540, 1400)
        typologies = ["business_mismatch", "new_front", "transshipment", "third_party_payer", "structuring",
                      "watchlist_linked", "linked_network", "end_use_evasion"]  # fmt: skip
        mix = {t: (0.0 if r.random() < 0.15 else r.uniform(0.3, 1.0)) for t in typologies}
        if sum(1 for v in mix.values() if v) < 5:
            for t in typologies:
                mix[t] = mix[t] or r.uniform(0.3, 1.0)
        total = sum(mix.values())
        seller_home = r.sample(["GB", "DE", "NL", "BE", "DK", "ES", "IT", "FR", "PL", "CZ", "AT", "US", "CN", "TR"], 6)
        buyer_pool = ["GB", "DE", "NL", "BE", "DK", "ES", "IT", "FR", "PL", "CZ", "AT", "US", "TR", "AE", "JO", "LB",
                      "IQ", "SA", "EG", "GE", "AZ", "RO", "BG", "GR", "UA", "KZ", "IN"]  # fmt: skip
        self.params = {
            "seed": seed, "orders": orders, "start": self.start.isoformat(), "days": self.days,
            "sellers": r.randint(8, 24), "illicit_share": round(r.uniform(0.005, 0.05), 4),
            "mix": {t: round(v / total, 3) for t, v in mix.items()},
            "seller_countries": seller_home,
            "buyer_countries": sorted(set(seller_home) | set(r.sample(buyer_pool, r.randint(8, 16)))),
            "clean": round(r.uniform(0.15, 0.85), 2),  # how clean illicit orders look: chance each extra red flag is absent
            "networks": r.randint(2, 6), "cash_countries": r.sample(["TR", "IQ", "LB", "EG", "JO", "AE", "UA"], 3),
            "webmail_small": round(r.uniform(0.2, 0.6), 2),  # share of small legit firms on webmail
            "director_seats": r.randint(3, 20),  # boards one network member sits on at most
        }  # fmt: skip
        self.w = World(seed, self.params)
        self.ids: set[str] = set()
        self.party_label: dict[str, tuple[str, str]] = {}
        self.cores: set[str] = set()
        self.domains: set[str] = set()

    # --- ids, names, contacts --------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        while True:
            i = f"{prefix}{self.r.randint(100000, 999999)}"
            if i not in self.ids:
                self.ids.add(i)
                return i

    def day(self, offset: int) -> date:
        return self.start + timedelta(days=offset)

    def person_name(self, cul: str) -> str:
        return f"{self.r.choice(GIVEN[cul])} {self.r.choice(FAMILY[cul])}"

    def company_name(self, country: str, sector_word: str = "") -> str:
        r, cul = self.r, culture(country)
        form = r.choice(COUNTRY[country][3])
        if cul == "tr":
            base = r.choice(WORDS["tr"]) + (" " + r.choice(WORDS["tr"]) if r.random() < 0.4 else "")
            if r.random() < 0.3:
                base = r.choice(FAMILY["tr"]) + " " + r.choice(["Kardeşler", "Grup", "Ticaret"])
            mid = sector_word or r.choice([w for w in TR_TRADE if w != base.split()[-1]])
            name = f"{base} {mid} {form}"
            return ascii_tr(name) if r.random() < 0.25 else name
        if cul == "ar":
            base = r.choice(WORDS["ar"])
            x = r.random()
            if x < 0.35:
                base += " " + r.choice(AR_SECOND)
            elif x < 0.6:
                base = f"{r.choice(FAMILY['ar'])} {r.choice(['Brothers', '& Sons', 'Group', 'Establishment'])}"
            mid = sector_word or r.choice(["General Trading", "Trading", "Import & Export", "Industrial", "Group"])
            return f"{base} {mid} {form}"
        words = WORDS["en"] if cul == "en" else WORDS["other"]
        base = " ".join(r.sample(words, 2 if r.random() < 0.3 else 1))
        if r.random() < 0.2:
            base = r.choice(FAMILY[cul]) + (" & " + r.choice(FAMILY[cul]) if r.random() < 0.3 else "")
        if r.random() < 0.7:
            base += " " + r.choice(TRADE_NOUNS)
        return f"{base} {sector_word or r.choice(['Trading', 'Supplies', 'Solutions', 'Services', 'Group'])} {form}"

    def phone(self, country: str) -> str:
        r = self.r
        return f"{COUNTRY[country][1]} {r.randint(200, 999)} {r.randint(100, 999)} {r.randint(1000, 9999)}"

    def address(self, country: str) -> tuple[str, str, str, str]:
        r = self.r
        city, region = r.choice(COUNTRY[country][2])
        street = r.choice(STREETS.get(culture(country), STREETS["other"]))
        return f"{r.randint(1, 240)} {street}", city, region, f"{r.randint(10000, 99999)}"

    def party(self, kind: str, name: str, country: str, **kw) -> dict:
        p = {"party_id": self.new_id("P" if kind == "person" else "C"), "kind": kind, "name": name, "country": country}
        p.update(kw)
        self.w.parties.append(p)
        return p

    def company(self, country: str, *, name: str = "", activity: tuple[str, str] = ("", ""), employees: int = 0,
                incorporated: date | None = None, webmail: bool = False, website: bool = True,
                addr: tuple | None = None, phone: str = "", sector_word: str = "") -> dict:
        r = self.r
        if not name:  # two companies of the world never share their distinctive words
            for _ in range(300):
                name = self.company_name(country, sector_word)
                if core(name) not in self.cores:
                    break
        self.cores.add(core(name))
        address, city, region, postal = addr or self.address(country)
        slug = "".join(core(name).split()) or "co"
        while True:  # a company's domain and webmail address are its own
            domain = f"{slug}{r.choice(['', '-group', 'trade', ''])}.{r.choice(['com', 'net', country.lower()])}"
            email = f"{r.choice(['info', 'sales', 'office', slug])}@{domain}" if not webmail else \
                f"{slug}{r.randint(1, 999)}@{r.choice(WEBMAIL)}"
            if domain not in self.domains and email not in self.domains:
                break
            slug += r.choice("0123456789") if webmail else r.choice(["tr", "co", "int", "ltd"])
        self.domains.update((domain, email))
        inc = incorporated or self.day(-r.randint(400, 12000))
        p = self.party("company", name, country, address=address, city=city, region=region, postal_code=postal,
                       registration_id=str(r.randint(10**7, 10**9 - 1)), incorporated_on=inc.isoformat(),
                       activity_code=activity[0], activity=activity[1], employees=str(employees) if employees else "",
                       phone=phone or self.phone(country), email=email, website=f"www.{domain}" if website else "")
        if r.random() < 0.1:  # a trading name
            p["aliases"] = f"{name.split()[0]} {r.choice(['Trade', 'Group', 'Supply'])}"
        return p

    def person(self, country: str, *, name: str = "", birth: date | None = None) -> dict:
        r = self.r
        birth = birth or date(r.randint(1950, 1995), r.randint(1, 12), r.randint(1, 28))
        return self.party("person", name or self.person_name(culture(country)), country, birth_date=birth.isoformat(),
                          phone=self.phone(country) if r.random() < 0.3 else "")

    def relate(self, source: dict, target: dict, kind: str, start: date | None = None, share: float | None = None):
        self.w.relations.append({"source_id": source["party_id"], "target_id": target["party_id"], "kind": kind,
                                 "share": "" if share is None else f"{share:.2f}",
                                 "start_date": start.isoformat() if start else ""})

    def label_party(self, p: dict, label: str, typology: str):
        if p["party_id"] not in self.party_label or label == "illicit":
            self.party_label[p["party_id"]] = (label, typology)

    # --- orders ----------------------------------------------------------------------------------
    def order(self, when: date, seller: dict, buyer: dict, goods: list[tuple[str, float]], *, label: str,
              typology: str, ship: tuple | None = None, consignee: dict | None = None, payer: dict | None = None,
              payment: str = "bank_transfer", end_use: str = "", end_user: str = "", forwarder: str = "",
              incoterm: str = "", currency: str = "") -> dict:
        r = self.r
        ship_address, ship_city, ship_region, ship_country = ship or (buyer.get("address", ""), buyer.get("city", ""),
                                                                      buyer.get("region", ""), buyer["country"])
        export = ship_country != seller["country"]
        currency = currency or (COUNTRY[seller["country"]][0] if not export or r.random() < 0.5
                                else r.choice(["USD", "EUR"]))
        o = {"order_id": "", "order_date": when.isoformat(), "seller_id": seller["party_id"],
             "buyer_id": buyer["party_id"], "consignee_id": consignee["party_id"] if consignee else "",
             "ship_to_address": ship_address, "ship_to_city": ship_city, "ship_to_region": ship_region,
             "ship_to_country": ship_country, "payment_method": payment,
             "payer_id": payer["party_id"] if payer else "", "currency": currency, "declared_end_use": end_use,
             "declared_end_user": end_user, "freight_forwarder": forwarder,
             "incoterm": incoterm or (r.choice(["DAP", "CPT", "FCA", "CIF", "EXW"]) if export else
                                      r.choice(["DAP", "", "FCA"])),
             "_label": label, "_typology": typology, "_lines": []}  # fmt: skip
        for n, (good, qty) in enumerate(goods, 1):
            hs, desc, unit, usd = GOODS[good]
            price = usd * FX.get(currency, 1.0) * r.uniform(0.85, 1.2)
            if unit in ("pcs", "set"):
                qty = max(1, round(qty))
            else:
                qty = round(max(qty, 0.5 if unit == "t" else 1), 1 if unit == "t" else 0)
            hs_out = hs if r.random() < 0.6 else hs.replace(".", "") + (r.choice(["", "00", "0000"]) if r.random() < 0.3
                                                                      else "")
            o["_lines"].append({"line_no": n, "hs_code": hs_out, "description": desc,
                                "sku": f"{good.upper()[:6]}-{r.randint(100, 999)}", "quantity": f"{qty:g}",
                                "unit": unit, "unit_price": f"{price:.2f}"})
        self.w.orders.append(o)
        return o


def build_world(seed: int, orders: int = 30000) -> World:
    b = Builder(seed, orders)
    r, P = b.r, b.params

    # --- sellers: distributors of chemicals, electronics, aero/hobby and industrial goods ----------
    kinds = list(SELLER_KINDS)
    sellers: dict[str, list[dict]] = {k: [] for k in kinds}
    for i in range(P["sellers"]):
        kind = kinds[i % len(kinds)] if i < len(kinds) else r.choice(kinds)
        country = r.choice(P["seller_countries"])
        s = b.company(country, activity={"chemical": ("46.75", "wholesale of chemical products"),
                                         "electronics": ("46.52", "wholesale of electronic components"),
                                         "aero_hobby": ("46.69", "distribution of UAV, RC and aero components"),
                                         "industrial": ("46.69", "wholesale of industrial machinery and parts")}[kind],
                      employees=r.randint(40, 2500), sector_word=r.choice(SECTOR_WORD[kind]))
        s["_catalogue"] = set(g for g in SELLER_KINDS[kind] if r.random() < 0.85)
        s["_kind"] = kind
        sellers[kind].append(s)
        b.label_party(s, "legit", "seller")
    all_sellers = [s for v in sellers.values() for s in v]

    def sellers_for(good: str) -> list[dict]:
        found = [s for s in all_sellers if good in s["_catalogue"]]
        if not found:  # the catalogue draw dropped it everywhere: the first seller of its kind carries it
            kind = next(k for k, v in SELLER_KINDS.items() if good in v)
            sellers[kind][0]["_catalogue"].add(good)
            found = [sellers[kind][0]]
        return found

    n_illicit = max(20, round(orders * P["illicit_share"]))
    n_legit = orders - n_illicit

    # --- ordinary economy ----------------------------------------------------------------------
    weights = [a.weight for a in ORDINARY]
    buyer_countries = P["buyer_countries"]
    home_weight = [6.0 if c in P["seller_countries"] else (2.0 if c in ("TR", "GB", "DE") else 1.0)
                   for c in buyer_countries]
    legit_orders = 0
    shared_directors: list[dict] = []
    while legit_orders < n_legit:
        a = r.choices(ORDINARY, weights)[0]
        country = r.choices(buyer_countries, home_weight)[0]
        emp = int(math.exp(r.uniform(math.log(a.employees[0]), math.log(a.employees[1]))))
        small = emp < 15
        oddity = ""
        inc = None
        if r.random() < 0.04:  # a legitimately new company
            inc, oddity = b.day(r.randint(-120, 200)), "new_company"
        addr = None
        if country == "GB" and small and r.random() < 0.25:  # registered at a formation agent's address
            addr, oddity = r.choice(FORMATION_ADDRESSES), oddity or "formation_agent_address"
        if country == "TR" and r.random() < 0.12:  # the south-east's ordinary industry (Gaziantep, Sanliurfa)
            town = r.choice([t for t in BORDER_TOWNS if t[0] in ("Gaziantep", "Şanlıurfa", "Kilis", "Reyhanlı")])
            addr = (f"{r.randint(1, 200)} {r.choice(STREETS['tr'])}", r.choice(town[:2]), town[2],
                    str(r.randint(27000, 63999)))
            oddity = oddity or "southeast_turkey"
        texts = [t for t in a.activity if country == "TR" or not any(w in t for w in ("imalati", "satisi"))]
        activity = (r.choice(a.nace), r.choice(texts))
        if r.random() < 0.06:
            activity = ("", activity[1]) if r.random() < 0.5 else (activity[0], "")
        buyer = b.company(country, activity=activity, employees=emp if r.random() < 0.8 else 0, incorporated=inc,
                          webmail=small and r.random() < P["webmail_small"], website=not small or r.random() < 0.5,
                          addr=addr)
        b.label_party(buyer, "legit", a.oddity or oddity or "ordinary")
        directors = [b.person(country) for _ in range(r.randint(1, 2))]
        for d in directors:
            b.relate(d, buyer, r.choice(["director", "director", "owner"]), share=1.0 / len(directors)
                     if r.random() < 0.3 else None)
            b.label_party(d, "legit", "director")
        if shared_directors and r.random() < 0.05:  # a family that runs two ordinary businesses
            b.relate(r.choice(shared_directors), buyer, "director")
        shared_directors.extend(directors[:1])
        if len(shared_directors) > 200:
            shared_directors.pop(0)
        branch = None
        if emp > 100 and r.random() < 0.3:  # a branch or plant that receives some deliveries
            addr_b = b.address(country)
            branch = b.company(country, name=" ".join(buyer["name"].split()[:2]) + f" {addr_b[1]} " +
                               r.choice(["Plant", "Depot", "Branch"]) + " " + r.choice(COUNTRY[country][3]),
                               activity=activity, employees=emp // 4, addr=addr_b)
            b.relate(buyer, branch, "owner", share=1.0)
            b.label_party(branch, "legit", "branch")
        size = (emp / math.sqrt(a.employees[0] * a.employees[1])) ** 0.7
        goods = [g for g in a.goods if r.random() < 0.7] or [next(iter(a.goods))]
        qty = {g: a.goods[g] * size * math.exp(r.gauss(0, 0.4)) for g in goods}
        my_sellers = {g: r.sample(sellers_for(g), min(2, len(sellers_for(g)))) for g in goods}
        per_year = r.uniform(*a.per_year) * (1 + 0.3 * math.log10(max(emp, 1)))
        n = max(1, int(per_year * b.days / 365 * r.uniform(0.6, 1.2)))
        period = b.days / n
        t0 = r.uniform(0, period)
        cash_ok = country in P["cash_countries"] and small
        for k in range(n):
            if legit_orders >= n_legit:
                break
            when = b.day(int(min(b.days - 1, max(0, t0 + k * period + r.gauss(0, period * 0.15)))))
            first = r.choice(goods)
            seller = r.choice(my_sellers[first])
            basket = [first] + [g for g in goods if g != first and g in seller["_catalogue"] and r.random() < 0.35]
            lines = [(g, qty[g] * math.exp(r.gauss(0, 0.25))) for g in basket[:4]]
            ship, consignee, ship_odd = None, None, ""
            if branch and r.random() < 0.4:
                ship, consignee, ship_odd = (branch["address"], branch["city"], branch["region"], country), branch, \
                    "ship_to_branch"
            elif r.random() < 0.03:  # a site delivery: another town of the same country
                c, reg = r.choice(COUNTRY[country][2])
                site = r.randint(1, 40)
                street = r.choice(STREETS.get(culture(country), STREETS["other"]))
                ship, ship_odd = (f"Site {site}, {street}", c, reg, country), "site_delivery"
            payment = "bank_transfer"
            if cash_ok and r.random() < 0.35:
                payment, ship_odd = "cash", ship_odd or "cash_payment"
            elif small and r.random() < 0.2:
                payment = "card"
            elif country != seller["country"] and r.random() < 0.25:
                payment = "letter_of_credit"
            regulated = any(GOODS[g][0][:4] in ("3102", "2847", "2808", "2807", "2914", "2933", "2829", "2904",
                                                "7603", "8104", "3212", "8411", "8412", "8806", "8407")
                            for g in basket)  # fmt: skip
            eu = r.choice(a.end_use) if (regulated and r.random() < 0.9) or r.random() < 0.4 else ""
            eus = buyer["name"] if eu and r.random() < 0.6 else ""
            fw = r.choice(FORWARDERS) if country != seller["country"] and r.random() < 0.5 else ""
            b.order(when, seller, buyer, lines, label="legit", typology=a.oddity or ship_odd or oddity or "ordinary",
                    ship=ship, consignee=consignee, payment=payment, end_use=eu, end_user=eus, forwarder=fw)
            legit_orders += 1

    # --- illicit procurement ------------------------------------------------------------------
    clean = P["clean"]

    def extra() -> bool:  # an optional red flag shows on this order / party
        return r.random() > clean

    def border_ship(party: dict | None = None) -> tuple:
        town = r.choice(BORDER_TOWNS)
        return (f"{r.randint(1, 120)} {r.choice(STREETS['tr'])}", town[0] if r.random() < 0.5 else town[1],
                town[2] if r.random() < 0.7 else "", "TR")

    def front(country: str, activity: tuple[str, str], *, new: bool, typology: str, net: dict,
              addr: tuple | None = None, name: str = "") -> dict:
        inc = b.day(r.randint(-270, -20)) if new else b.day(-r.randint(900, 6000))
        small = r.randint(1, 6)
        p = b.company(country, name=name, activity=activity, employees=small if r.random() < 0.6 else 0,
                      incorporated=inc, webmail=extra() or new, website=not (extra() or new), addr=addr,
                      phone=net["phone"] if r.random() < 0.35 and net["country"] == country else "")
        b.label_party(p, "illicit", typology)
        d = net_director(net) if r.random() < 0.7 else b.person(country)
        b.relate(d, p, r.choice(["director", "owner"]), start=inc)
        b.label_party(d, "illicit", typology)
        net["fronts"].append(p)
        return p

    def net_director(net: dict) -> dict:
        """A member of the network to sit on one more board. Each holds a few seats (up to the seed's
        `director_seats`); when all are taken the network brings in a relative or associate."""
        free = [d for d in net["directors"] if d["_seats"] < P["director_seats"]]
        if not free:
            d = b.person("TR" if r.random() < 0.6 else net["home"], name=b.person_name(r.choice(["tr", "ar"])))
            d["_seats"] = 0
            b.relate(r.choice(net["directors"]), d, r.choice(["family", "associate"]))
            b.label_party(d, "illicit", "network_member")
            net["directors"].append(d)
            free = [d]
        d = r.choice(free)
        d["_seats"] += 1
        return d

    def tr_consignee(net: dict, typology: str) -> dict:
        if net["consignees"] and r.random() < 0.6:
            return r.choice(net["consignees"])
        town = r.choice(BORDER_TOWNS)
        c = b.company("TR", activity=r.choice(FRONT_ACTIVITIES[:4]), employees=r.randint(1, 5),
                      addr=(f"{r.randint(1, 120)} {r.choice(STREETS['tr'])}", r.choice(town[:2]), town[2],
                            str(r.randint(27000, 63999))), webmail=True, website=False)
        b.relate(net_director(net), c, "owner", share=1.0)
        b.label_party(c, "illicit", typology)
        net["consignees"].append(c)
        return c

    forwarder_parties: dict[str, dict] = {}
    networks = []
    for _ in range(P["networks"]):
        home = r.choice(["TR", "TR", "TR", "IQ", "SY", "JO", "LB"])
        net = {"country": "TR", "home": home, "directors": [], "fronts": [], "consignees": [],
               "phone": b.phone("TR"), "addr": None}
        for _ in range(r.randint(2, 4)):
            d = b.person("TR" if r.random() < 0.6 else home, name=b.person_name("tr" if r.random() < 0.5 else "ar"))
            d["_seats"] = 0
            b.label_party(d, "illicit", "network_member")
            net["directors"].append(d)
        for x, y in zip(net["directors"], net["directors"][1:]):
            b.relate(x, y, r.choice(["family", "associate"]))
        networks.append(net)

    # how many illicit orders each typology gets
    counts = {t: int(round(n_illicit * m)) for t, m in P["mix"].items()}
    watch_targets: list[tuple[dict, str]] = []

    def when_rand() -> date:
        return b.day(r.randint(0, b.days - 1))

    def illicit_goods(family: str | None = None, k: int = 1, scale: float = 1.0) -> list[tuple[str, float]]:
        fam = family or r.choice(list(ILLICIT_GOODS))
        picks = r.sample(ILLICIT_GOODS[fam], k)
        return [(g, r.uniform(*q) * scale) for g, q in picks]

    def pay_and_paper(o_kw: dict, base_payment: str = "bank_transfer"):
        o_kw.setdefault("payment", "cash" if extra() and r.random() < 0.5 else base_payment)
        if "end_use" not in o_kw:
            o_kw["end_use"] = r.choice(VAGUE_END_USE) if extra() else r.choice(PLAUSIBLE_LIE)
        return o_kw

    def emit(typ: str, n: int, make):
        done = 0
        while done < n:
            done += make(typ)

    def mk_mismatch(typ: str) -> int:  # CAR20-01: phone shop buys 6 t of aluminium paste
        net = r.choice(networks)
        town = r.choice(BORDER_TOWNS)
        country = "TR" if r.random() < 0.8 else r.choice(["IQ", "JO", "LB"])
        addr = ((f"{r.randint(1, 120)} {r.choice(STREETS['tr'])}", r.choice(town[:2]), town[2], "63000")
                if country == "TR" and r.random() < 0.7 else None)
        shops = FRONT_ACTIVITIES if country == "TR" else FRONT_ACTIVITIES[:1] + FRONT_ACTIVITIES[2:]  # no Turkish text
        f = front(country, r.choice(shops), new=r.random() < 0.2, typology=typ, net=net, addr=addr)
        made = 0
        for _ in range(r.randint(1, 4)):
            goods = illicit_goods(r.choice(["precursor", "precursor", "drone", "electronics"]), r.randint(1, 2))
            seller = r.choice(sellers_for(goods[0][0]))
            goods = [g for g in goods if g[0] in seller["_catalogue"]] or goods[:1]
            b.order(when_rand(), seller, f, goods, label="illicit", typology=typ,
                    **pay_and_paper({"forwarder": r.choice(FORWARDERS) if f["country"] != seller["country"] else ""}))
            made += 1
        return made

    def mk_new_front(typ: str) -> int:  # CAR20-06: new UK (or EU) company, goods shipped on to Turkey
        net = r.choice(networks)
        country = r.choice(["GB", "GB", "GB", "DE", "ES", "BE", "BG", "GE"])
        addr = r.choice(FORMATION_ADDRESSES) + ("GB",) if country == "GB" and r.random() < 0.5 else None
        f = front(country, r.choice(GENERIC_ACTIVITIES), new=True, typology=typ, net=net,
                  addr=addr[:4] if addr else None)
        made = 0
        first = b.day(r.randint(0, b.days - 60))
        for k in range(r.randint(1, 5)):
            goods = illicit_goods(r.choice(["drone", "drone", "electronics", "precursor"]), r.randint(1, 2))
            seller = r.choice(sellers_for(goods[0][0]))
            goods = [g for g in goods if g[0] in seller["_catalogue"]] or goods[:1]
            kw = {}
            if r.random() < 0.75:
                cons = tr_consignee(net, typ)
                kw.update(consignee=cons, ship=(cons["address"], cons["city"], cons["region"], "TR"),
                          forwarder=r.choice(FORWARDERS))
            b.order(first + timedelta(days=k * r.randint(5, 40)), seller, f, goods, label="illicit", typology=typ,
                    **pay_and_paper(kw))
            made += 1
        return made

    def mk_transship(typ: str) -> int:  # CAR20-04 / FATF08-10: a plausible trader abroad, goods to the border
        net = r.choice(networks)
        country = r.choice(["AE", "JO", "GE", "AZ", "BG", "RO", "GB", "DE", "LB", "UA"])
        code, text, goods_ok = r.choice(PLAUSIBLE_TRADERS)
        f = front(country, (code, text), new=extra(), typology=typ, net=net)
        made = 0
        for _ in range(r.randint(2, 6)):
            g = r.choice(goods_ok)
            q = ILLICIT_QTY[g]
            seller = r.choice(sellers_for(g))
            kw = {"forwarder": r.choice(FORWARDERS)}
            if r.random() < 0.75:
                kw["ship"] = border_ship()
            else:
                c = r.choice(["IQ", "SY", "LB"])
                city, region = r.choice(COUNTRY[c][2])
                kw["ship"] = (f"{r.randint(1, 90)} {r.choice(STREETS['ar'])}", city, region, c)
            if extra():
                cons = tr_consignee(net, typ)
                kw.update(consignee=cons, ship=(cons["address"], cons["city"], cons["region"], "TR"))
            b.order(when_rand(), seller, f, [(g, r.uniform(*q) * r.uniform(0.4, 1.0))], label="illicit",
                    typology=typ, **pay_and_paper(kw, "letter_of_credit" if r.random() < 0.3 else "bank_transfer"))
            made += 1
        return made

    def mk_third_payer(typ: str) -> int:  # CAR20-02: a luxury car-hire firm pays for motion-control units
        net = r.choice(networks)
        country = r.choice(["TR", "TR", "GB", "AE", "JO"])
        code, text, goods_ok = r.choice(PLAUSIBLE_TRADERS)
        f = front(country, (code, text) if r.random() < 0.6 else r.choice(GENERIC_ACTIVITIES), new=extra(),
                  typology=typ, net=net)
        payer_country = r.choice(["TR", "TR", "AE", "IQ", "LB"])
        payer = b.company(payer_country, activity=r.choice([("77.11", "luxury car hire"), ("66.12",
                          "currency exchange office"), ("47.77", "jewellery and gold trading"),
                          ("79.11", "travel agency"), ("46.90", "general trading")]), employees=r.randint(2, 20))
        b.label_party(payer, "illicit", typ)
        if r.random() < 0.3:
            b.relate(net_director(net), payer, "associate")
        made = 0
        for _ in range(r.randint(1, 4)):
            g = r.choice(goods_ok)
            seller = r.choice(sellers_for(g))
            kw = {"payer": payer, "payment": r.choice(["third_party", "third_party", "other", "bank_transfer"])}
            if extra():
                kw["ship"] = border_ship()
            b.order(when_rand(), seller, f, [(g, r.uniform(*ILLICIT_QTY[g]) * r.uniform(0.3, 1.0))],
                    label="illicit", typology=typ, **pay_and_paper(kw))
            made += 1
        return made

    def mk_structuring(typ: str) -> int:  # split purchases by a cluster of small linked buyers
        net = r.choice(networks)
        g, (lo, hi) = r.choice([x for x in ILLICIT_GOODS["precursor"] if x[0] in ("al_paste", "kno3", "an",
                                "h2o2_50", "acetone", "hexamine", "sorbitol", "al_powder", "kclo3")])  # fmt: skip
        total = r.uniform(lo, hi) * r.uniform(1.5, 4)
        k = r.randint(4, 10)
        seller = r.choice(sellers_for(g))
        town = r.choice(BORDER_TOWNS)
        shared_addr = (f"{r.randint(1, 120)} {r.choice(STREETS['tr'])}", r.choice(town[:2]), town[2], "63000")
        activity = r.choice([("47.76", "garden and farm supplies shop"), ("01.13", "vegetable growing"),
                             ("47.52", "hardware store"), ("43.34", "painting and glazing")])
        buyers = [front("TR", activity if r.random() < 0.7 else r.choice(FRONT_ACTIVITIES), new=extra(), typology=typ,
                        net=net, addr=shared_addr if r.random() < 0.5 else None) for _ in range(r.randint(2, 4))]
        t0 = r.randint(0, b.days - 40)
        for i in range(k):
            buyer = buyers[i % len(buyers)]
            b.order(b.day(t0 + r.randint(0, 30)), seller, buyer, [(g, total / k * r.uniform(0.8, 1.2))],
                    label="illicit", typology=typ, **pay_and_paper({}))
        return k

    def mk_watch(typ: str) -> int:  # BIS-01: a party on a list, written differently in the order book
        net = r.choice(networks)
        country = r.choice(["TR", "TR", "AE", "IQ", "LB", "JO", "GB"])
        code, text, goods_ok = r.choice(PLAUSIBLE_TRADERS)
        f = front(country, (code, text) if r.random() < 0.7 else r.choice(FRONT_ACTIVITIES), new=extra(),
                  typology=typ, net=net)
        who = r.random()
        if who < 0.6:
            watch_targets.append((f, "company"))
        else:  # the listed one is the director
            d = b.person(country, name=b.person_name("ar" if culture(country) == "ar" else "tr"))
            b.relate(d, f, "director")
            b.label_party(d, "illicit", typ)
            watch_targets.append((d, "person"))
        made = 0
        for _ in range(r.randint(1, 4)):
            g = r.choice(goods_ok)
            seller = r.choice(sellers_for(g))
            kw = {}
            if extra():
                kw["ship"] = border_ship()
            b.order(when_rand(), seller, f, [(g, r.uniform(*ILLICIT_QTY[g]) * r.uniform(0.2, 0.8))],
                    label="illicit", typology=typ, **pay_and_paper(kw))
            made += 1
        return made

    def mk_linked(typ: str) -> int:  # FATF08-09 / CAR20-05: clean-looking trader sharing people with fronts
        net = r.choice(networks)
        code, text, goods_ok = r.choice(PLAUSIBLE_TRADERS)
        country = r.choice(["TR", "TR", "GB", "AE", "DE"])
        f = front(country, (code, text), new=False, typology=typ, net=net)
        # the link (always at least one): a director of the network, an address or a phone shared with a front
        link = r.random()
        others = [x for x in net["fronts"] if x is not f]
        if link < 0.5 or not others:
            b.relate(net_director(net), f, r.choice(["director", "shareholder"]), share=None)
        elif link < 0.8:
            other = r.choice(others)
            f["address"], f["city"], f["region"], f["postal_code"], f["country"] = (
                other["address"], other["city"], other["region"], other["postal_code"], other["country"])
        else:
            f["phone"] = r.choice(others)["phone"]
        made = 0
        for _ in range(r.randint(2, 6)):
            g = r.choice(goods_ok)
            seller = r.choice(sellers_for(g))
            b.order(when_rand(), seller, f, [(g, r.uniform(*ILLICIT_QTY[g]) * r.uniform(0.1, 0.5))],
                    label="illicit", typology=typ, end_use=r.choice(PLAUSIBLE_LIE), payment="bank_transfer")
            made += 1
        return made

    def mk_evasion(typ: str) -> int:  # BIS-02/BIS-10/EU-01: no end use, forwarder as final destination
        net = r.choice(networks)
        country = r.choice(["TR", "AE", "JO", "GE", "BG", "GB"])
        code, text, goods_ok = r.choice(PLAUSIBLE_TRADERS)
        f = front(country, (code, text), new=extra(), typology=typ, net=net)
        fwd_name = r.choice(FORWARDERS)
        if fwd_name not in forwarder_parties:  # one party per forwarder, shared by every scheme using it
            fwd = b.company(r.choice(["TR", "AE", "JO"]), name=f"{fwd_name} {r.choice(['Ltd', 'LLC', 'A.Ş.'])}",
                            activity=("52.29", "freight forwarding"), employees=r.randint(20, 400))
            b.label_party(fwd, "legit", "forwarder")
            forwarder_parties[fwd_name] = fwd
        fwd = forwarder_parties[fwd_name]
        made = 0
        for _ in range(r.randint(1, 5)):
            g = r.choice(goods_ok)
            seller = r.choice(sellers_for(g))
            kw = {"end_use": r.choice(VAGUE_END_USE), "end_user": r.choice(["", "", "various", "TBA", "customer"]),
                  "forwarder": fwd_name, "incoterm": "EXW"}
            if r.random() < 0.6:
                kw.update(consignee=fwd, ship=(fwd["address"], fwd["city"], fwd["region"], fwd["country"]))
            b.order(when_rand(), seller, f, [(g, r.uniform(*ILLICIT_QTY[g]))], label="illicit",
                    typology=typ, **pay_and_paper(kw))
            made += 1
        return made

    makers = {"business_mismatch": mk_mismatch, "new_front": mk_new_front, "transshipment": mk_transship,
              "third_party_payer": mk_third_payer, "structuring": mk_structuring, "watchlist_linked": mk_watch,
              "linked_network": mk_linked, "end_use_evasion": mk_evasion}
    for typ, n in counts.items():
        if n:
            emit(typ, n, makers[typ])

    # --- watchlist: listed network members written differently, plus unrelated listed names --------
    b.w.watchlist = make_watchlist(r, watch_targets, b)

    # --- ids and tables --------------------------------------------------------------------------
    r.shuffle(b.w.orders)
    b.w.orders.sort(key=lambda o: o["order_date"])
    for o in b.w.orders:
        o["order_id"] = b.new_id("SO")
        for line in o.pop("_lines"):
            line["order_id"] = o["order_id"]
            b.w.lines.append(line)
        b.w.labels.append({"target_kind": "order", "target_id": o["order_id"], "label": o.pop("_label"),
                           "typology": o.pop("_typology")})
    for p in b.w.parties:
        p.pop("_catalogue", None)
        p.pop("_kind", None)
        p.pop("_seats", None)
        lab, typ = b.party_label.get(p["party_id"], ("legit", "other"))
        b.w.labels.append({"target_kind": "party", "target_id": p["party_id"], "label": lab, "typology": typ})
    r.shuffle(b.w.parties)
    return b.w


LEGAL_VARIANTS = {"Ltd. Şti.": ["Limited Sirketi", "LTD STI", "Ltd"], "Limited Şirketi": ["Ltd. Sti.", "LTD. ŞTİ."],
                  "Tic. Ltd. Şti.": ["Ticaret Limited Sirketi", "TIC LTD STI"], "A.Ş.": ["AS", "Anonim Sirketi"],
                  "LLC": ["L.L.C.", "Limited Liability Company", ""], "General Trading LLC": ["Gen. Trading L.L.C.",
                  "General Trading"], "FZE": ["F.Z.E.", "FZ LLC"], "Co.": ["Company", "CO"], "Ltd": ["Limited", "LTD."],
                  "Limited": ["Ltd", "LTD"], "SARL": ["S.A.R.L.", "s.a.r.l"]}  # fmt: skip
TRANSLIT = [("Mohammed", "Muhammad"), ("Ahmad", "Ahmed"), ("Yousef", "Yusuf"), ("Khalid", "Khaled"),
            ("Abdulrahman", "Abd al-Rahman"), ("Mahmoud", "Mahmud"), ("Al-", "Al "), ("Hassan", "Hasan"),
            ("Omar", "Umar"), ("Hüseyin", "Huseyin"), ("Şahin", "Sahin"), ("Çelik", "Celik"), ("Ömer", "Omer"),
            ("Öztürk", "Ozturk"), ("İbrahim", "Ibrahim"), ("Yılmaz", "Yilmaz"), ("Güneydoğu", "Guneydogu"),
            ("Fırat", "Firat"), ("Doğu", "Dogu"), ("Kardeşler", "Kardesler"), ("Sınır", "Sinir"), ("Noor", "Nur"),
            ("Rafidain", "Rafedain"), ("Sham", "Shaam")]  # fmt: skip


def variant(r: random.Random, name: str, kind: str) -> str:
    """The name as a list compiler wrote it: transliteration, word order, legal form."""
    out = name
    for a, b in TRANSLIT:
        if a in out and r.random() < 0.8:
            out = out.replace(a, b)
    if kind == "person":
        words = out.split()
        if len(words) >= 2 and r.random() < 0.6:
            out = f"{words[-1].upper()}, {' '.join(words[:-1])}"
        return out
    for form, alts in sorted(LEGAL_VARIANTS.items(), key=lambda kv: -len(kv[0])):
        if out.endswith(" " + form):
            out = (out[: -len(form)] + r.choice(alts)).strip()
            break
    for generic in (" Ticaret", " Trading", " İthalat İhracat", " Sanayi ve Ticaret"):
        if generic in out and r.random() < 0.4:
            out = out.replace(generic, "")
    if out == name:
        out = ascii_tr(out).upper()
    return out


GENERIC_WORDS = {"trading", "group", "supplies", "solutions", "services", "co", "company", "ltd", "limited", "llc",
                 "llp", "gmbh", "ag", "kg", "bv", "nv", "sa", "sl", "srl", "spa", "sarl", "sas", "sal", "fze", "fz",
                 "general", "import", "export", "industrial", "inc", "corp", "as", "sti", "tic", "sirketi", "ticaret",
                 "ithalat", "ihracat", "sanayi", "ve", "aps", "sp", "z", "o", "oo", "sro", "s", "a", "r", "l", "p",
                 "i", "e", "mmc", "too", "eood", "ood", "ike", "sae", "pvt", "tov", "kardesler", "grup"}  # fmt: skip


def simple(name: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in ascii_tr(name).lower()).split())


def core(name: str) -> str:
    """A company name's distinctive words: no legal form, no generic trade words."""
    return " ".join(sorted(w for w in simple(name).split() if w not in GENERIC_WORDS))


def make_watchlist(r: random.Random, targets: list[tuple[dict, str]], b: Builder) -> list[dict]:
    rows = []
    n = 0
    for p, kind in targets:
        n += 1
        listed = variant(r, p["name"], kind)
        aliases = variant(r, p["name"], kind) if r.random() < 0.3 else ""
        rows.append({"entry_id": f"W{n:05d}", "kind": "person" if kind == "person" else "company", "name": listed,
                     "aliases": aliases if aliases != listed else "",
                     "country": p["country"] if r.random() < 0.7 else "",
                     "birth_date": p.get("birth_date", "") if kind == "person" and r.random() < 0.6 else "",
                     "program": r.choice(["SDGT", "ISIL-AQ", "SYRIA", "UK-CT"]),
                     "list_name": r.choice(["OFAC SDN", "UN 1267", "UK Sanctions List", "EU CFSP"])})
    # Listed people and companies who do not trade here. A listed company never shares its
    # distinctive words with a company of the dataset (that would be a true hit, mislabelled legit);
    # a listed person may share a common name with a director here, born three years or more apart
    # (namesakes; lists round or misstate birth years by a year or two, so closer is a true ambiguity).
    taken = {core(p["name"]) for p in b.w.parties if p["kind"] == "company"}
    people: dict[str, set[str]] = {}
    for p in b.w.parties:
        if p["kind"] == "person":
            people.setdefault(simple(p["name"]), set()).add(p.get("birth_date", "")[:4])
    made = 0
    while made < 300 + 20 * len(targets):
        cul = r.choice(["ar", "ar", "tr", "en", "other"])
        if r.random() < 0.55:
            name, kind = f"{r.choice(GIVEN[cul])} {r.choice(FAMILY[cul])}", "person"
            birth = date(r.randint(1950, 1995), r.randint(1, 12), r.randint(1, 28)).isoformat()
            if simple(name) in people and (r.random() < 0.8 or any(
                    abs(int(birth[:4]) - int(y)) <= 2 for y in people[simple(name)] if y)):
                continue
        else:
            country = {"ar": "IQ", "tr": "TR", "en": "GB", "other": "DE"}[cul]
            name, kind, birth = b.company_name(country), "company", ""
            if core(name) in taken:
                continue
            taken.add(core(name))
        n += 1
        made += 1
        rows.append({"entry_id": f"W{n:05d}", "kind": kind, "name": name, "aliases": "", "country": "",
                     "birth_date": birth, "program": r.choice(["SDGT", "ISIL-AQ", "SYRIA", "NPWMD"]),
                     "list_name": r.choice(["OFAC SDN", "UN 1267", "UK Sanctions List"])})
    r.shuffle(rows)
    return rows


PARTY_COLS = ["party_id", "kind", "name", "aliases", "country", "address", "city", "region", "postal_code",
              "registration_id", "incorporated_on", "birth_date", "activity_code", "activity", "employees", "phone",
              "email", "website"]  # fmt: skip
ORDER_COLS = ["order_id", "order_date", "seller_id", "buyer_id", "consignee_id", "ship_to_address", "ship_to_city",
              "ship_to_region", "ship_to_country", "payment_method", "payer_id", "currency", "declared_end_use",
              "declared_end_user", "freight_forwarder", "incoterm"]  # fmt: skip
LINE_COLS = ["order_id", "line_no", "hs_code", "description", "sku", "quantity", "unit", "unit_price"]
REL_COLS = ["source_id", "target_id", "kind", "share", "start_date"]
LABEL_COLS = ["target_kind", "target_id", "label", "typology"]
WATCH_COLS = ["entry_id", "kind", "name", "aliases", "country", "birth_date", "program", "list_name"]


def _write(path: Path, cols: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def write_world(world: World, folder: Path) -> dict[str, Path]:
    folder = Path(folder)
    data = folder / "dataset"
    data.mkdir(parents=True, exist_ok=True)
    _write(data / "parties.csv", PARTY_COLS, world.parties)
    _write(data / "relations.csv", REL_COLS, world.relations)
    _write(data / "orders.csv", ORDER_COLS, world.orders)
    _write(data / "order_lines.csv", LINE_COLS, world.lines)
    _write(folder / "labels.csv", LABEL_COLS, world.labels)
    _write(folder / "watchlist.csv", WATCH_COLS, world.watchlist)
    (folder / "params.json").write_text(json.dumps(world.params, indent=1))
    return {"dataset": data, "labels": folder / "labels.csv", "watchlist": folder / "watchlist.csv"}
