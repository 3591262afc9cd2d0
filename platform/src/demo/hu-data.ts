/**
 * Hungarian dictionaries for demo data: names, settlements with real postcodes and telephone area codes,
 * streets, company name parts, TEÁOR'25 activities, positions and texts.
 */

// prettier-ignore
export const FAMILY_NAMES: readonly string[] = [
  'Nagy', 'Kovács', 'Tóth', 'Szabó', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas',
  'Balogh', 'Papp', 'Takács', 'Juhász', 'Lakatos', 'Mészáros', 'Oláh', 'Simon', 'Rácz', 'Fekete',
  'Szilágyi', 'Török', 'Fehér', 'Balázs', 'Gál', 'Kis', 'Szűcs', 'Kocsis', 'Pintér', 'Fodor',
  'Szalai', 'Sipos', 'Magyar', 'Lukács', 'Gulyás', 'Biró', 'Király', 'Katona', 'László', 'Jakab',
  'Bogdán', 'Sándor', 'Boros', 'Fazekas', 'Kelemen', 'Antal', 'Orosz', 'Somogyi', 'Fülöp', 'Veres',
  'Budai', 'Vincze', 'Hegedűs', 'Deák', 'Pap', 'Bálint', 'Illés', 'Pál', 'Vass', 'Szőke',
  'Fábián', 'Vörös', 'Lengyel', 'Bognár', 'Jónás', 'Szekeres', 'Bodnár', 'Halász', 'Soós', 'Hajdu',
  'Kozma', 'Máté', 'Pásztor', 'Székely', 'Dudás', 'Virág', 'Major', 'Orbán', 'Hegyi', 'Barta',
  'Csonka', 'Vida', 'Kun', 'Bakos', 'Kardos', 'Gáspár', 'Kalmár', 'Csizmadia', 'Nemes', 'Dobos',
  'Erdős', 'Tamás', 'Szénási', 'Szalay', 'Bartha', 'Győri', 'Benkő', 'Ács', 'Vadász', 'Zsoldos',
];

// prettier-ignore
export const MALE_GIVEN_NAMES: readonly string[] = [
  'László', 'István', 'József', 'János', 'Zoltán', 'Sándor', 'Gábor', 'Ferenc', 'Attila', 'Péter',
  'Tamás', 'Zsolt', 'Tibor', 'András', 'Csaba', 'Imre', 'Lajos', 'György', 'Balázs', 'Róbert',
  'Mihály', 'Dávid', 'Károly', 'Béla', 'Gergely', 'Krisztián', 'Ádám', 'Dániel', 'Norbert', 'Roland',
  'Bence', 'Máté', 'Márk', 'Levente', 'Miklós', 'Viktor', 'Szabolcs', 'Ákos', 'Kristóf', 'Bálint',
  'Richárd', 'Gyula', 'Antal', 'Pál', 'Endre', 'Árpád', 'Barnabás', 'Olivér', 'Milán', 'Botond',
];

// prettier-ignore
export const FEMALE_GIVEN_NAMES: readonly string[] = [
  'Mária', 'Erzsébet', 'Katalin', 'Éva', 'Ilona', 'Anna', 'Zsuzsanna', 'Margit', 'Judit', 'Ágnes',
  'Andrea', 'Erika', 'Krisztina', 'Mónika', 'Edit', 'Szilvia', 'Gabriella', 'Anita', 'Eszter', 'Viktória',
  'Tímea', 'Beáta', 'Ildikó', 'Rita', 'Nikolett', 'Adrienn', 'Dóra', 'Barbara', 'Zsófia', 'Réka',
  'Petra', 'Orsolya', 'Noémi', 'Kinga', 'Bernadett', 'Renáta', 'Brigitta', 'Anikó', 'Klára', 'Veronika',
  'Hanna', 'Lili', 'Luca', 'Boglárka', 'Emese', 'Enikő', 'Gréta', 'Csilla', 'Melinda', 'Nóra',
];

/**
 * Counties in the order of their official codes: the code is both the company court's number in a company
 * registration number and the regional tax office's code in a tax number (Budapest: court 01, tax office 41–43).
 */
// prettier-ignore
export const COUNTIES: readonly string[] = [
  'Budapest', 'Baranya', 'Bács-Kiskun', 'Békés', 'Borsod-Abaúj-Zemplén', 'Csongrád-Csanád', 'Fejér',
  'Győr-Moson-Sopron', 'Hajdú-Bihar', 'Heves', 'Komárom-Esztergom', 'Nógrád', 'Pest', 'Somogy',
  'Szabolcs-Szatmár-Bereg', 'Jász-Nagykun-Szolnok', 'Tolna', 'Vas', 'Veszprém', 'Zala',
];

export type Settlement = {
  name: string;
  /** County code, 1–20 (index in COUNTIES plus one). */
  county: number;
  postcodes: readonly string[];
  /** Telephone area code: `1` for Budapest, two digits elsewhere. */
  areaCode: string;
  /** Approximate population in thousands, used as the weight of the settlement. */
  population: number;
};

function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(String(n));
  return out;
}

/** Budapest postcodes by district (1XXY: XX is the district). */
// prettier-ignore
const BUDAPEST_POSTCODES: readonly string[] = [
  ...range(1011, 1016), ...range(1021, 1029), ...range(1031, 1039), ...range(1041, 1048), ...range(1051, 1056),
  ...range(1061, 1068), ...range(1071, 1078), ...range(1081, 1089), ...range(1091, 1098), ...range(1101, 1108),
  ...range(1111, 1119), ...range(1121, 1126), ...range(1131, 1139), ...range(1141, 1149), ...range(1151, 1158),
  ...range(1161, 1165), ...range(1171, 1174), ...range(1181, 1188), ...range(1191, 1196), ...range(1201, 1205),
  ...range(1211, 1215), ...range(1221, 1225), ...range(1237, 1239),
];

// [name, county, postcodes, area code, population in thousands]
type Row = [string, number, string | readonly string[], string, number];
// prettier-ignore
const ROWS: readonly Row[] = [
  ['Budapest', 1, BUDAPEST_POSTCODES, '1', 1680],
  // Baranya
  ['Pécs', 2, range(7621, 7633), '72', 140], ['Komló', 2, '7300', '72', 22], ['Mohács', 2, '7700', '69', 17],
  ['Siklós', 2, '7800', '72', 9], ['Szigetvár', 2, '7900', '73', 10], ['Harkány', 2, '7815', '72', 4],
  ['Pécsvárad', 2, '7720', '72', 4],
  // Bács-Kiskun
  ['Kecskemét', 3, '6000', '76', 110], ['Baja', 3, '6500', '79', 34], ['Kiskunfélegyháza', 3, '6100', '76', 28],
  ['Kiskunhalas', 3, '6400', '77', 27], ['Kalocsa', 3, '6300', '78', 16], ['Kiskőrös', 3, '6200', '78', 13],
  ['Kiskunmajsa', 3, '6120', '77', 11], ['Lajosmizse', 3, '6050', '76', 11], ['Tiszakécske', 3, '6060', '76', 11],
  ['Kunszentmiklós', 3, '6090', '76', 8], ['Jánoshalma', 3, '6440', '77', 8],
  // Békés
  ['Békéscsaba', 4, '5600', '66', 58], ['Gyula', 4, '5700', '66', 30], ['Orosháza', 4, '5900', '68', 27],
  ['Békés', 4, '5630', '66', 19], ['Szarvas', 4, '5540', '66', 16], ['Mezőberény', 4, '5650', '66', 10],
  ['Sarkad', 4, '5720', '66', 9], ['Mezőkovácsháza', 4, '5800', '68', 6],
  // Borsod-Abaúj-Zemplén
  ['Miskolc', 5, range(3525, 3535), '46', 150], ['Ózd', 5, '3600', '48', 32], ['Kazincbarcika', 5, '3700', '48', 25],
  ['Tiszaújváros', 5, '3580', '49', 15], ['Sátoraljaújhely', 5, '3980', '47', 14], ['Mezőkövesd', 5, '3400', '49', 15],
  ['Sárospatak', 5, '3950', '47', 12], ['Szerencs', 5, '3900', '47', 9], ['Edelény', 5, '3780', '48', 9],
  ['Encs', 5, '3860', '46', 6],
  // Csongrád-Csanád
  ['Szeged', 6, range(6720, 6728), '62', 160], ['Hódmezővásárhely', 6, '6800', '62', 43], ['Makó', 6, '6900', '62', 22],
  ['Szentes', 6, '6600', '63', 27], ['Csongrád', 6, '6640', '63', 15], ['Mórahalom', 6, '6782', '62', 6],
  ['Kistelek', 6, '6760', '62', 7], ['Sándorfalva', 6, '6762', '62', 8],
  // Fejér
  ['Székesfehérvár', 7, '8000', '22', 95], ['Dunaújváros', 7, '2400', '25', 43], ['Mór', 7, '8060', '22', 14],
  ['Bicske', 7, '2060', '22', 12], ['Gárdony', 7, '2483', '22', 11], ['Sárbogárd', 7, '7000', '25', 12],
  ['Enying', 7, '8130', '22', 6], ['Polgárdi', 7, '8154', '22', 6], ['Martonvásár', 7, '2462', '22', 6],
  ['Velence', 7, '2481', '22', 6], ['Ercsi', 7, '2451', '25', 8],
  // Győr-Moson-Sopron
  ['Győr', 8, range(9021, 9030), '96', 130], ['Sopron', 8, '9400', '99', 62], ['Mosonmagyaróvár', 8, '9200', '96', 33],
  ['Csorna', 8, '9300', '96', 10], ['Kapuvár', 8, '9330', '96', 10], ['Pannonhalma', 8, '9090', '96', 4],
  // Hajdú-Bihar
  ['Debrecen', 9, range(4024, 4032), '52', 200], ['Hajdúböszörmény', 9, '4220', '52', 30],
  ['Hajdúszoboszló', 9, '4200', '52', 23], ['Berettyóújfalu', 9, '4100', '54', 14], ['Balmazújváros', 9, '4060', '52', 17],
  ['Hajdúnánás', 9, '4080', '52', 16], ['Püspökladány', 9, '4150', '54', 14], ['Polgár', 9, '4090', '52', 8],
  // Heves
  ['Eger', 10, '3300', '36', 52], ['Gyöngyös', 10, '3200', '37', 29], ['Hatvan', 10, '3000', '37', 20],
  ['Heves', 10, '3360', '36', 10], ['Füzesabony', 10, '3390', '36', 7],
  // Komárom-Esztergom
  ['Tatabánya', 11, '2800', '34', 65], ['Esztergom', 11, '2500', '33', 28], ['Tata', 11, '2890', '34', 23],
  ['Komárom', 11, '2900', '34', 19], ['Oroszlány', 11, '2840', '34', 17], ['Dorog', 11, '2510', '33', 12],
  ['Nyergesújfalu', 11, '2536', '33', 7], ['Kisbér', 11, '2870', '34', 5], ['Bábolna', 11, '2943', '34', 4],
  // Nógrád
  ['Salgótarján', 12, '3100', '32', 33], ['Balassagyarmat', 12, '2660', '35', 15], ['Bátonyterenye', 12, '3070', '32', 12],
  ['Pásztó', 12, '3060', '32', 9], ['Rétság', 12, '2651', '35', 3],
  // Pest
  ['Érd', 13, '2030', '23', 69], ['Dunakeszi', 13, '2120', '27', 44], ['Szigetszentmiklós', 13, '2310', '24', 40],
  ['Gödöllő', 13, '2100', '28', 34], ['Vác', 13, '2600', '27', 33], ['Cegléd', 13, '2700', '53', 35],
  ['Budaörs', 13, '2040', '23', 29], ['Szentendre', 13, '2000', '26', 27], ['Dunaharaszti', 13, '2330', '24', 22],
  ['Vecsés', 13, '2220', '29', 21], ['Gyál', 13, '2360', '29', 24], ['Monor', 13, '2200', '29', 18],
  ['Százhalombatta', 13, '2440', '23', 16], ['Nagykőrös', 13, '2750', '53', 23], ['Dabas', 13, '2370', '29', 17],
  ['Fót', 13, '2151', '27', 20], ['Veresegyház', 13, '2112', '28', 19], ['Budakeszi', 13, '2092', '23', 14],
  ['Törökbálint', 13, '2045', '23', 14], ['Biatorbágy', 13, '2051', '23', 13], ['Pomáz', 13, '2013', '26', 17],
  ['Pilisvörösvár', 13, '2085', '26', 14], ['Üllő', 13, '2225', '29', 12], ['Ócsa', 13, '2364', '29', 9],
  ['Solymár', 13, '2083', '26', 10], ['Pécel', 13, '2119', '28', 16], ['Abony', 13, '2740', '53', 15],
  ['Nagykáta', 13, '2760', '29', 12], ['Aszód', 13, '2170', '28', 6], ['Kistarcsa', 13, '2143', '28', 12],
  ['Isaszeg', 13, '2117', '28', 11], ['Mogyoród', 13, '2146', '28', 7], ['Kerepes', 13, '2144', '28', 10],
  ['Halásztelek', 13, '2314', '24', 9], ['Tököl', 13, '2316', '24', 10],
  // Somogy
  ['Kaposvár', 14, '7400', '82', 60], ['Siófok', 14, '8600', '84', 25], ['Marcali', 14, '8700', '85', 11],
  ['Nagyatád', 14, '7500', '82', 10], ['Barcs', 14, '7570', '82', 11], ['Balatonboglár', 14, '8630', '85', 6],
  ['Fonyód', 14, '8640', '85', 5], ['Tab', 14, '8660', '84', 4],
  // Szabolcs-Szatmár-Bereg
  ['Nyíregyháza', 15, '4400', '42', 116], ['Kisvárda', 15, '4600', '45', 16], ['Mátészalka', 15, '4700', '44', 16],
  ['Nyírbátor', 15, '4300', '42', 12], ['Tiszavasvári', 15, '4440', '42', 12], ['Fehérgyarmat', 15, '4900', '44', 8],
  // Jász-Nagykun-Szolnok
  ['Szolnok', 16, '5000', '56', 70], ['Jászberény', 16, '5100', '57', 27], ['Törökszentmiklós', 16, '5200', '56', 20],
  ['Karcag', 16, '5300', '59', 20], ['Mezőtúr', 16, '5400', '56', 16], ['Kisújszállás', 16, '5310', '59', 11],
  ['Tiszafüred', 16, '5350', '59', 10], ['Martfű', 16, '5435', '56', 6], ['Túrkeve', 16, '5420', '56', 9],
  ['Kunszentmárton', 16, '5440', '56', 8],
  // Tolna
  ['Szekszárd', 17, '7100', '74', 32], ['Paks', 17, '7030', '75', 19], ['Dombóvár', 17, '7200', '74', 18],
  ['Bonyhád', 17, '7150', '74', 13], ['Tolna', 17, '7130', '74', 11], ['Tamási', 17, '7090', '74', 8],
  ['Dunaföldvár', 17, '7020', '75', 8], ['Bátaszék', 17, '7140', '74', 6],
  // Vas
  ['Szombathely', 18, '9700', '94', 78], ['Sárvár', 18, '9600', '95', 15], ['Kőszeg', 18, '9730', '94', 11],
  ['Körmend', 18, '9900', '94', 11], ['Celldömölk', 18, '9500', '95', 10], ['Szentgotthárd', 18, '9970', '94', 8],
  // Veszprém
  ['Veszprém', 19, '8200', '88', 57], ['Pápa', 19, '8500', '89', 30], ['Ajka', 19, '8400', '88', 28],
  ['Várpalota', 19, '8100', '88', 20], ['Balatonfüred', 19, '8230', '87', 13], ['Tapolca', 19, '8300', '87', 15],
  ['Zirc', 19, '8420', '88', 7], ['Balatonalmádi', 19, '8220', '88', 9], ['Sümeg', 19, '8330', '87', 6],
  ['Devecser', 19, '8460', '88', 4],
  // Zala
  ['Zalaegerszeg', 20, '8900', '92', 56], ['Nagykanizsa', 20, '8800', '93', 46], ['Keszthely', 20, '8360', '83', 19],
  ['Hévíz', 20, '8380', '83', 5], ['Lenti', 20, '8960', '92', 8], ['Zalaszentgrót', 20, '8790', '83', 6],
  ['Zalakaros', 20, '8749', '93', 2], ['Letenye', 20, '8868', '93', 4],
];

export const SETTLEMENTS: readonly Settlement[] = ROWS.map(([name, county, postcodes, areaCode, population]) => ({
  name,
  county,
  postcodes: typeof postcodes === 'string' ? [postcodes] : postcodes,
  areaCode,
  population,
}));

/** Kinds of public space as Hungarian writes them. */
export type StreetType = 'utca' | 'út' | 'tér' | 'köz' | 'körút' | 'sor' | 'fasor' | 'rakpart' | 'sétány';

/** The company entity's `streetType` enum value of each kind. */
export const STREET_TYPE_VALUE: Readonly<Record<StreetType, string>> = {
  utca: 'utca',
  út: 'ut',
  tér: 'ter',
  köz: 'koz',
  körút: 'korut',
  sor: 'sor',
  fasor: 'fasor',
  rakpart: 'rakpart',
  sétány: 'setany',
};

/** Street names found in nearly every Hungarian town, with the kind of public space they usually name. */
// prettier-ignore
export const COMMON_STREETS: readonly (readonly [string, StreetType])[] = [
  ['Petőfi Sándor', 'utca'], ['Kossuth Lajos', 'utca'], ['Rákóczi Ferenc', 'utca'], ['Ady Endre', 'utca'],
  ['Fő', 'utca'], ['Dózsa György', 'utca'], ['Arany János', 'utca'], ['Jókai Mór', 'utca'],
  ['Széchenyi István', 'utca'], ['Deák Ferenc', 'utca'], ['Bartók Béla', 'utca'], ['Kölcsey Ferenc', 'utca'],
  ['Vörösmarty Mihály', 'utca'], ['Táncsics Mihály', 'utca'], ['Hunyadi János', 'utca'], ['Bem József', 'utca'],
  ['Damjanich János', 'utca'], ['Munkácsy Mihály', 'utca'], ['Zrínyi Miklós', 'utca'], ['Béke', 'utca'],
  ['Szabadság', 'utca'], ['Kinizsi Pál', 'utca'], ['Mátyás király', 'utca'], ['Szent István', 'utca'],
  ['Vasút', 'utca'], ['Ipar', 'utca'], ['Gyár', 'utca'], ['Kert', 'utca'], ['Rózsa', 'utca'], ['Liliom', 'utca'],
  ['Ibolya', 'utca'], ['Tavasz', 'utca'], ['Akácfa', 'utca'], ['Hársfa', 'utca'], ['Diófa', 'utca'],
  ['Malom', 'utca'], ['Templom', 'utca'], ['Iskola', 'utca'], ['Határ', 'út'], ['Bajcsy-Zsilinszky', 'utca'],
  ['Attila', 'utca'], ['Toldi Miklós', 'utca'], ['Baross Gábor', 'utca'], ['Wesselényi', 'utca'],
  ['Klapka György', 'utca'], ['Honvéd', 'utca'], ['Erkel Ferenc', 'utca'], ['Liszt Ferenc', 'utca'],
  ['Kodály Zoltán', 'utca'], ['Madách Imre', 'utca'], ['József Attila', 'utca'], ['Móricz Zsigmond', 'utca'],
  ['Radnóti Miklós', 'utca'], ['Babits Mihály', 'utca'], ['Mikszáth Kálmán', 'utca'], ['Gárdonyi Géza', 'utca'],
  ['Eötvös', 'utca'], ['Semmelweis', 'utca'], ['Batthyány', 'utca'], ['Kazinczy', 'utca'],
  ['Berzsenyi Dániel', 'utca'], ['Csokonai', 'utca'], ['Tompa Mihály', 'utca'], ['Szent István', 'út'],
  ['Rákóczi', 'út'], ['Kossuth Lajos', 'út'], ['Dózsa György', 'út'], ['Ady Endre', 'út'], ['Petőfi', 'út'],
  ['Ipari', 'út'], ['Kossuth Lajos', 'tér'], ['Szabadság', 'tér'], ['Fő', 'tér'], ['Szent István', 'tér'],
  ['Piac', 'tér'], ['Deák Ferenc', 'tér'], ['Malom', 'köz'], ['Templom', 'köz'], ['Iskola', 'köz'],
  ['Rózsa', 'köz'], ['Vasút', 'sor'], ['Hársfa', 'sor'], ['Nyárfa', 'sor'], ['Gesztenye', 'fasor'],
];

/** Well-known Budapest streets with a postcode of their district, used besides the common names in the capital. */
// prettier-ignore
export const BUDAPEST_STREETS: readonly (readonly [string, StreetType, string])[] = [
  ['Váci', 'út', '1138'], ['Andrássy', 'út', '1061'], ['Üllői', 'út', '1091'], ['Bartók Béla', 'út', '1114'],
  ['Szent István', 'körút', '1137'], ['Teréz', 'körút', '1067'], ['Bajcsy-Zsilinszky', 'út', '1054'],
  ['Hungária', 'körút', '1146'], ['Róbert Károly', 'körút', '1138'], ['Fehérvári', 'út', '1117'],
  ['Kerepesi', 'út', '1087'], ['Soroksári', 'út', '1095'], ['Lehel', 'utca', '1134'], ['Thököly', 'út', '1146'],
  ['Szentendrei', 'út', '1033'], ['Budafoki', 'út', '1117'], ['Infopark', 'sétány', '1117'],
  ['Corvin', 'sétány', '1082'], ['Városligeti', 'fasor', '1068'], ['Belgrád', 'rakpart', '1056'],
  ['Népfürdő', 'utca', '1138'], ['Dózsa György', 'út', '1146'], ['Hegyalja', 'út', '1016'],
  ['Alkotás', 'utca', '1123'], ['Király', 'utca', '1061'], ['Wesselényi', 'utca', '1077'],
  ['Könyves Kálmán', 'körút', '1097'], ['Bécsi', 'út', '1037'], ['Lajos', 'utca', '1036'], ['Árpád', 'út', '1042'],
];

/** First words of company names. */
// prettier-ignore
export const COMPANY_STEMS: readonly string[] = [
  'Tisza', 'Duna', 'Pannon', 'Alföldi', 'Mátra', 'Bakony', 'Balaton', 'Zemplén', 'Hungária', 'Kárpát',
  'Rába', 'Dráva', 'Maros', 'Körös', 'Sajó', 'Mecsek', 'Bükk', 'Vértes', 'Pilis', 'Őrség',
  'Hajdú', 'Nyírség', 'Jászsági', 'Kunsági', 'Somogy', 'Zala', 'Bihar', 'Csepel', 'Buda', 'Pest',
  'Magyar', 'Aranykalász', 'Napfény', 'Tölgy', 'Akác', 'Gránit', 'Kristály', 'Főnix', 'Turul', 'Csillag',
  'Délibáb', 'Szivárvány', 'Korona', 'Rubin', 'Zafír', 'Opál', 'Sólyom', 'Kelet', 'Nyugat', 'Dél',
  'Alfa', 'Prima', 'Optima', 'Multi', 'Pro', 'Euro', 'Inter', 'Global', 'Agria', 'Sopiana',
];

/**
 * An activity (TEÁOR'25 class) with the words companies in it like to carry in their names. A word starting
 * with `-` is joined with a hyphen ("Tisza-Trans"), any other with a space ("Tisza Fuvarozó").
 */
export type Activity = { code: string; name: string; words: readonly string[]; weight: number };

// prettier-ignore
export const ACTIVITIES: readonly Activity[] = [
  { code: '01.11', name: 'Gabonaféle (kivéve: rizs), hüvelyes növény, olajos mag termesztése', words: ['-Agro', 'Gabona', 'Agrár'], weight: 4 },
  { code: '01.13', name: 'Zöldségféle, dinnye, gyökér-, gumós növény termesztése', words: ['Kertészet', 'Zöldség'], weight: 2 },
  { code: '01.21', name: 'Szőlőtermesztés', words: ['Szőlőbirtok', 'Szőlészet'], weight: 1 },
  { code: '01.50', name: 'Vegyes gazdálkodás', words: ['Gazdaság', 'Agrár'], weight: 2 },
  { code: '10.13', name: 'Hús-, baromfihús-készítmény gyártása', words: ['Hús', 'Húsipari'], weight: 1 },
  { code: '10.71', name: 'Kenyér; friss pékáru gyártása', words: ['Pékség', 'Sütöde'], weight: 2 },
  { code: '11.02', name: 'Szőlőbor termelése', words: ['Pincészet', 'Borház'], weight: 1 },
  { code: '16.23', name: 'Egyéb épületasztalos-ipari termék gyártása', words: ['Fa', 'Faipari', 'Asztalos'], weight: 2 },
  { code: '22.22', name: 'Műanyag csomagolóeszköz gyártása', words: ['-Plast', 'Műanyag'], weight: 1 },
  { code: '25.11', name: 'Fémszerkezet gyártása', words: ['Acél', 'Fémszerkezet', '-Metál'], weight: 2 },
  { code: '28.30', name: 'Mezőgazdasági, erdészeti gép gyártása', words: ['Gépgyártó', 'Agrogép'], weight: 1 },
  { code: '31.00', name: 'Bútorgyártás', words: ['Bútor', 'Bútoripari'], weight: 1 },
  { code: '33.12', name: 'Ipari gép, berendezés javítása', words: ['Gépszerviz', 'Szerviz'], weight: 2 },
  { code: '41.00', name: 'Lakó- és nem lakó épület építése', words: ['Építő', '-Bau', 'Generál'], weight: 7 },
  { code: '42.11', name: 'Út, autópálya építése', words: ['Útépítő', 'Mélyépítő'], weight: 1 },
  { code: '43.21', name: 'Villanyszerelés', words: ['-Elektro', 'Villamos', 'Napelem'], weight: 4 },
  { code: '43.22', name: 'Víz-, gáz-, fűtés-, légkondicionáló-szerelés', words: ['Épületgépészet', 'Klíma', '-Therm'], weight: 4 },
  { code: '43.34', name: 'Festés, üvegezés', words: ['Festő', 'Dekor'], weight: 2 },
  { code: '46.21', name: 'Gabona, dohány, vetőmag, takarmány nagykereskedelme', words: ['Terménykereskedő', 'Takarmány'], weight: 2 },
  { code: '46.90', name: 'Vegyes termékkör nagykereskedelme', words: ['Kereskedelmi', '-Trade', 'Nagyker'], weight: 7 },
  { code: '47.11', name: 'Élelmiszer jellegű bolti vegyes kiskereskedelem', words: ['ABC', 'Élelmiszer', 'Vegyesbolt'], weight: 4 },
  { code: '49.41', name: 'Közúti áruszállítás', words: ['-Trans', 'Fuvarozó', '-Cargo'], weight: 5 },
  { code: '52.10', name: 'Raktározás, tárolás', words: ['Logisztika', 'Raktár'], weight: 2 },
  { code: '55.10', name: 'Szállodai szolgáltatás', words: ['Hotel', 'Szálló'], weight: 2 },
  { code: '56.11', name: 'Éttermi vendéglátás', words: ['Étterem', 'Vendéglő', 'Gasztro'], weight: 4 },
  { code: '62.10', name: 'Számítógépes programozás', words: ['Informatika', 'Szoftver', '-Soft', 'Digital'], weight: 6 },
  { code: '62.20', name: 'Információtechnológiai szaktanácsadás, számítógép-üzemeltetés', words: ['IT', 'Rendszerház', '-Net'], weight: 4 },
  { code: '68.20', name: 'Saját tulajdonú, bérelt ingatlan bérbeadása, üzemeltetése', words: ['Ingatlan', 'Ingatlankezelő'], weight: 5 },
  { code: '69.20', name: 'Számviteli, könyvvizsgálói, adószakértői tevékenység', words: ['Könyvelő', 'Számviteli', 'Adótanácsadó'], weight: 5 },
  { code: '70.20', name: 'Üzletviteli, egyéb vezetési tanácsadás', words: ['Consulting', 'Tanácsadó'], weight: 5 },
  { code: '71.11', name: 'Építészmérnöki tevékenység', words: ['Építésziroda', 'Tervező'], weight: 2 },
  { code: '71.12', name: 'Mérnöki tevékenység, műszaki tanácsadás', words: ['Mérnökiroda', 'Engineering'], weight: 3 },
  { code: '73.11', name: 'Reklámügynöki tevékenység', words: ['Média', 'Reklám', 'Kreatív'], weight: 3 },
  { code: '77.11', name: 'Személygépjármű kölcsönzése', words: ['Autókölcsönző', '-Rent'], weight: 1 },
  { code: '81.21', name: 'Általános épülettakarítás', words: ['-Clean', 'Takarító'], weight: 2 },
  { code: '85.59', name: 'M.n.s. egyéb oktatás', words: ['Oktatási', 'Akadémia', 'Nyelviskola'], weight: 2 },
  { code: '86.23', name: 'Fogorvosi járóbeteg-ellátás', words: ['-Dent', 'Fogászat'], weight: 1 },
  { code: '93.13', name: 'Testedzési szolgáltatás', words: ['Fitness', 'Sport'], weight: 1 },
];

/** Activities of associations (egyesület), with the words of their names. */
// prettier-ignore
export const ASSOCIATION_ACTIVITIES: readonly Activity[] = [
  { code: '93.12', name: 'Sportegyesületi tevékenység', words: ['Sportegyesület', 'Sport Club'], weight: 3 },
  { code: '94.99', name: 'M.n.s. egyéb közösségi, társadalmi tevékenység', words: ['Kulturális Egyesület', 'Vállalkozók Egyesülete', 'Polgárőr Egyesület', 'Hagyományőrző Egyesület'], weight: 4 },
];

// prettier-ignore
export const POSITIONS: readonly string[] = [
  'Ügyvezető igazgató', 'Ügyvezető', 'Tulajdonos', 'Pénzügyi vezető', 'Gazdasági igazgató', 'Beszerzési vezető',
  'Beszerző', 'Értékesítési vezető', 'Kereskedelmi igazgató', 'Irodavezető', 'Titkársági munkatárs', 'Könyvelő',
  'Műszaki vezető', 'Műszaki igazgató', 'HR-vezető', 'Marketingvezető', 'IT-vezető', 'Projektvezető',
  'Logisztikai vezető', 'Termelésvezető', 'Ügyfélkapcsolati munkatárs',
];

/** Positions that exist in a firm of a few people. */
export const SMALL_FIRM_POSITIONS: readonly string[] = [
  'Irodavezető',
  'Könyvelő',
  'Beszerző',
  'Műszaki vezető',
  'Ügyfélkapcsolati munkatárs',
];

export const ASSOCIATION_POSITIONS: readonly string[] = ['Elnök', 'Titkár', 'Gazdasági vezető', 'Elnökségi tag'];

/** Mailbox names of a company's general address. */
export const COMPANY_MAILBOXES: readonly string[] = ['info', 'iroda', 'office', 'titkarsag', 'ugyfelszolgalat'];

/** Free mail providers popular in Hungary, for sole traders without a domain of their own. */
export const FREEMAIL_DOMAINS: readonly string[] = ['gmail.com', 'freemail.hu', 'citromail.hu', 't-online.hu'];

export const MOBILE_PREFIXES: readonly string[] = ['20', '30', '31', '50', '70'];

export const COMPANY_NOTES: readonly string[] = [
  'Éves keretszerződés megújítása esedékes.',
  'Az ügyvezető dönt; e-mailben preferálja a kapcsolattartást.',
  'Kiállításon ismerkedtünk meg, ajánlatot kért.',
  'Fizetési határidő: 30 nap, átutalással.',
  'Ajánlatot kért a következő negyedévre.',
  'Egy korábbi partnerünk ajánlotta.',
  'Árérzékeny ügyfél, mennyiségi kedvezményt kér.',
  'Több telephellyel rendelkezik, központi beszerzéssel.',
  'Hírlevélre feliratkozott, webinárium iránt érdeklődik.',
  'Tavaly késve fizetett, előreutalást kérünk.',
  'Pályázati forrásból tervez fejlesztést.',
  'Személyes bemutatót kért a telephelyükön.',
];

export const CONTRACT_SUBJECTS: readonly string[] = [
  'Éves szoftvertámogatási szolgáltatás',
  'Irodaszer-beszállítás',
  'Weboldal fejlesztése és üzemeltetése',
  'CRM-bevezetés és felhasználói oktatás',
  'Karbantartási keretszerződés',
  'Üzletviteli tanácsadás',
  'Bérszámfejtési szolgáltatás',
  'Raktárbérlet',
  'Irodatakarítási szolgáltatás',
  'Munkavédelmi oktatás',
  'Szerverüzemeltetés és mentés',
  'Hálózatkorszerűsítés',
  'Nyomtatók bérlete és szervize',
  'Fordítási szolgáltatás',
  'Céges rendezvény szervezése',
  'Online marketingkampány',
  'Energetikai audit',
  'Napelemes rendszer telepítése',
  'Tűzvédelmi felülvizsgálat',
  'Könyvelési szolgáltatás',
  'Adatvédelmi (GDPR) tanácsadás',
  'Szoftverlicenc-megújítás',
  'Ügyfélszolgálati (helpdesk) szolgáltatás',
  'Gépjárműflotta tartós bérlete',
];

export const CONTACT_NOTES: readonly string[] = [
  'Délelőtt érhető el a legkönnyebben.',
  'Angolul és németül is beszél.',
  'A szerződéseket ő írja alá.',
  'Csak e-mailben válaszol.',
  'Szabadságon augusztusban.',
];
