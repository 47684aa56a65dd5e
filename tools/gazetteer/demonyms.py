#!/usr/bin/env python3
"""Writes data/gazetteer/demonyms.tsv: the adjectives (demonyms) of every
ISO 3166-1 country, French in its four forms and English, plus the prefixes
of compound adjectives ("sino-", "russo-").

The table below is the source; edit it and rerun:

    tools/gazetteer/demonyms.py > data/gazetteer/demonyms.tsv

Each row: CODE; French masculine singular; French feminine singular when it
is not regular ("" = regular: +e, "-ien" -> "-ienne", unchanged after "e");
English forms (comma-separated, capitalized as written); prefixes and extra
French forms (comma-separated; a form ending in "o" is a compound prefix).
French plurals are regular: +s unless the word ends in s, x or z.

Left out on purpose (EXEMPT): territories without a demonym in use, and
forms that name two countries ("congolais" stays with CD, "Dominican" with
DO, "Samoan" with WS, generic "coréen" with neither) or a region as often as
a country (English "Central African").
"""

import sys

TABLE = """
AW;arubais;;Aruban;
AF;afghan;;Afghan;afghano
AO;angolais;;Angolan;
AI;anguillais;;Anguillan;
AX;ålandais;;;alandais
AL;albanais;;Albanian;albano
AD;andorran;;Andorran;
AE;émirien;;Emirati;émirati,émiratie,émiratis,émiraties
AR;argentin;;Argentine,Argentinian;argentino
AM;arménien;;Armenian;arméno
AS;;;American Samoan;
AG;antiguais;;Antiguan;
AU;australien;;Australian;australo
AT;autrichien;;Austrian;austro
AZ;azerbaïdjanais;;Azerbaijani,Azeri;azéri,azérie,azéris,azéries,azerbaïdjano
BI;burundais;;Burundian;
BE;belge;;Belgian;belgo
BJ;béninois;;Beninese;
BQ;bonairien;;Bonairean;
BF;burkinabè;burkinabè;Burkinabe;burkinabé
BD;bangladais;;Bangladeshi;
BG;bulgare;;Bulgarian;bulgaro
BH;bahreïni;bahreïnie;Bahraini;bahreïnien,bahreïnienne
BS;bahaméen;;Bahamian;
BA;bosnien;;Bosnian;
BY;biélorusse;;Belarusian,Belarusian;bélarusse,bélarusses,biélorusso
BZ;bélizien;;Belizean;
BM;bermudien;;Bermudian;
BO;bolivien;;Bolivian;
BR;brésilien;;Brazilian;
BB;barbadien;;Barbadian;
BN;brunéien;;Bruneian;
BT;bhoutanais;;Bhutanese;
BW;botswanais;;Botswanan;
CF;centrafricain;;;
CA;canadien;;Canadian;canado
CH;suisse;;Swiss;helvétique,helvétiques,helvéto
CL;chilien;;Chilean;
CN;chinois;;Chinese;sino
CI;ivoirien;;Ivorian;
CM;camerounais;;Cameroonian;
CD;congolais;;Congolese;
CO;colombien;;Colombian;
KM;comorien;;Comorian;
CV;cap-verdien;;Cape Verdean;capverdien,capverdienne,capverdiens,capverdiennes
CR;costaricien;;Costa Rican;costaricain,costaricaine,costaricains,costaricaines
CU;cubain;;Cuban;cubano
CW;curacien;;Curaçaoan;
KY;caïmanais;;Caymanian;
CY;chypriote;;Cypriot;cypriote,cypriotes
CZ;tchèque;;Czech;tchéco
DE;allemand;;German;germano
DJ;djiboutien;;Djiboutian;
DM;dominiquais;;;
DK;danois;;Danish;dano
DO;dominicain;;Dominican;
DZ;algérien;;Algerian;algéro
EC;équatorien;;Ecuadorian;
EG;égyptien;;Egyptian;égypto
ER;érythréen;;Eritrean;
EH;sahraoui;sahraouie;Sahrawi;
ES;espagnol;;Spanish;hispano
EE;estonien;;Estonian;
ET;éthiopien;;Ethiopian;
FI;finlandais;;Finnish;
FJ;fidjien;;Fijian;
FK;falklandais;;;
FR;français;;French;franco
FO;féroïen;;Faroese;féringien,féringienne
FM;micronésien;;Micronesian;
GA;gabonais;;Gabonese;
GB;britannique;;British;nord-irlandais,nord-irlandaise,Northern Irish
GE;géorgien;;Georgian;
GG;guernesiais;;;
GH;ghanéen;;Ghanaian;
GI;gibraltarien;;Gibraltarian;
GN;guinéen;;Guinean;
GP;guadeloupéen;;Guadeloupean;
GM;gambien;;Gambian;
GW;bissau-guinéen;;Bissau-Guinean;
GQ;équato-guinéen;;Equatorial Guinean,Equatoguinean;
GR;grec;grecque;Greek;gréco
GD;grenadien;;Grenadian;
GL;groenlandais;;Greenlandic;
GT;guatémaltèque;;Guatemalan;
GF;guyanais;;French Guianese;
GU;guamien;;Guamanian;
GY;guyanien;;Guyanese;
HN;hondurien;;Honduran;
HR;croate;;Croatian;
HT;haïtien;;Haitian;
HU;hongrois;;Hungarian;
ID;indonésien;;Indonesian;
IM;mannois;;Manx;
IN;indien;;Indian;indo
IE;irlandais;;Irish;
IR;iranien;;Iranian;irano
IQ;irakien;;Iraqi;irako
IS;islandais;;Icelandic;
IL;israélien;;Israeli;israélo
IT;italien;;Italian;italo
JM;jamaïcain;;Jamaican;
JE;jersiais;;;
JO;jordanien;;Jordanian;jordano
JP;japonais;;Japanese;nippon,nippone,nippons,nippones,nippo
KZ;kazakh;kazakhe;Kazakh,Kazakhstani;kazakhstanais,kazakhstanaise,kazakhstanaises,kazakho
KE;kényan;kényane;Kenyan;
KG;kirghize;;Kyrgyz,Kirghiz,Kyrgyzstani;kirghiz,kirghizo
KH;cambodgien;;Cambodian;
KI;kiribatien;;;
KN;kittitien;;Kittitian;
KR;sud-coréen;;South Korean;
KP;nord-coréen;;North Korean;
KW;koweïtien;;Kuwaiti;
LA;laotien;;Laotian;
LB;libanais;;Lebanese;libano
LR;libérien;;Liberian;
LS;lésothien;;Basotho,Mosotho;
LY;libyen;;Libyan;
LC;saint-lucien;;Saint Lucian;
LI;liechtensteinois;;Liechtensteiner;
LK;sri-lankais;;Sri Lankan;srilankais,srilankaise,srilankaises
LT;lituanien;;Lithuanian;
LU;luxembourgeois;;Luxembourgish;
LV;letton;lettone;Latvian;
MA;marocain;;Moroccan;maroco
MC;monégasque;;Monegasque;
MD;moldave;;Moldovan;
MG;malgache;;Malagasy;
MV;maldivien;;Maldivian;
MX;mexicain;;Mexican;mexicano
MH;marshallais;;Marshallese;
MK;macédonien;;Macedonian,North Macedonian;nord-macédonien,nord-macédonienne,nord-macédoniens,nord-macédoniennes
ML;malien;;Malian;
MT;maltais;;Maltese;
MM;birman;;Burmese,Myanmar;
ME;monténégrin;;Montenegrin;
MN;mongol;;Mongolian;mongolo
MP;mariannais;;Northern Mariana Islander;
MZ;mozambicain;;Mozambican;
MR;mauritanien;;Mauritanian;
MS;montserratien;;Montserratian;
MQ;martiniquais;;Martinican;
MU;mauricien;;Mauritian;
MW;malawite;;Malawian;malawien,malawienne,malawiens,malawiennes
MY;malaisien;;Malaysian;
YT;mahorais;;Mahoran;
NA;namibien;;Namibian;
NC;néo-calédonien;;New Caledonian;
NE;nigérien;;Nigerien;
NG;nigérian;nigériane;Nigerian;
NI;nicaraguayen;;Nicaraguan;
NU;niuéen;;Niuean;
NL;néerlandais;;Dutch;hollandais,hollandaise,hollandaises
NO;norvégien;;Norwegian;
NP;népalais;;Nepalese,Nepali;
NR;nauruan;;Nauruan;
NZ;néo-zélandais;;;
OM;omanais;;Omani;
PK;pakistanais;;Pakistani;pakistano
PA;panaméen;;Panamanian;
PE;péruvien;;Peruvian;
PH;philippin;;Philippine,Filipino;
PW;palaosien;;Palauan;
PG;papouan-néo-guinéen;;Papua New Guinean;
PL;polonais;;Polish;polono
PR;portoricain;;Puerto Rican;
PT;portugais;;Portuguese;luso
PY;paraguayen;;Paraguayan;
PS;palestinien;;Palestinian;
PF;polynésien;;French Polynesian;
QA;qatari;qatarie;Qatari;qatarien,qatarienne,qatariens,qatariennes
RE;réunionnais;;;
RO;roumain;;Romanian;
RU;russe;;Russian;russo
RW;rwandais;;Rwandan;
SA;saoudien;;Saudi,Saudi Arabian;
SD;soudanais;;Sudanese;
SN;sénégalais;;Senegalese;
SG;singapourien;;Singaporean;
SB;salomonais;;;
SL;sierra-léonais;;Sierra Leonean;
SV;salvadorien;;Salvadoran,Salvadorean;
SM;saint-marinais;;Sammarinese;
SO;somalien;;Somali;
PM;saint-pierrais;;;
RS;serbe;;Serbian;serbo
SS;sud-soudanais;;South Sudanese;
ST;santoméen;;Santomean;
SR;surinamien;;Surinamese;surinamais,surinamaise
SK;slovaque;;Slovak,Slovakian;
SI;slovène;;Slovenian,Slovene;
SE;suédois;;Swedish;
SZ;eswatinien;;Swazi,Emaswati;swazi
SC;seychellois;;Seychellois;
SY;syrien;;Syrian;syro
TD;tchadien;;Chadian;
TG;togolais;;Togolese;
TH;thaïlandais;;Thai;thaï,thaïe,thaïs,thaïes
TJ;tadjik;tadjike;Tajik,Tajikistani;tadjiko
TK;tokelauan;;Tokelauan;
TM;turkmène;;Turkmen,Turkmenistani;turkméno
TL;timorais;;Timorese,East Timorese;est-timorais
TO;tongien;;Tongan;
TT;trinidadien;;Trinidadian;
TN;tunisien;;Tunisian;tuniso
TR;turc;turque;Turkish;turco
TV;tuvaluan;;Tuvaluan;
TZ;tanzanien;;Tanzanian;
UG;ougandais;;Ugandan;
UA;ukrainien;;Ukrainian;
UY;uruguayen;;Uruguayan;
US;américain;;American;américano,étasunien,étasunienne,étasuniens,étasuniennes,états-unien,états-unienne,états-uniens,états-uniennes
UZ;ouzbek;ouzbèke;Uzbek,Uzbekistani;ouzbeke,ouzbekes,ouzbéko
VA;vatican;vaticane;Vatican;
VC;saint-vincentais;;Vincentian;
VE;vénézuélien;;Venezuelan;
VN;vietnamien;;Vietnamese;vietnamo
VU;vanuatais;;;
WF;wallisien;;Wallisian;
WS;samoan;;Samoan;
YE;yéménite;;Yemeni;
ZA;sud-africain;;South African;
ZM;zambien;;Zambian;
ZW;zimbabwéen;;Zimbabwean;
"""

# ISO codes with no adjective here, and why.
EXEMPT = {
    "AQ": "a continent; 'antarctique' is a common adjective",
    "TF": "no permanent population",
    "BV": "uninhabited", "HM": "uninhabited", "GS": "no permanent population",
    "UM": "no permanent population", "IO": "no permanent population",
    "SJ": "no demonym in use", "CC": "no demonym in use", "CX": "no demonym in use",
    "NF": "no demonym in use", "PN": "no demonym in use", "CK": "no demonym in use",
    "SH": "no demonym in use", "TC": "no demonym in use", "VG": "no demonym in use",
    "VI": "no demonym in use", "BL": "no demonym in use", "MF": "no demonym in use",
    "SX": "no demonym in use",
    "CG": "'congolais'/'Congolese' also name CD, which keeps them",
    "HK": "a place (region), not a country", "TW": "a place (region)", "MO": "a place (region)",
}


def feminine(masc):
    if masc.endswith("e"):
        return masc
    if masc.endswith("ien") or masc.endswith("éen"):
        return masc + "ne"
    return masc + "e"


def plural(word):
    return word if word[-1] in "sxz" else word + "s"


def main():
    seen = set()
    out = ["# GENERATED by tools/gazetteer/demonyms.py; edit the script, not this file.",
           "# Same format as countries.tsv: CODE <TAB> kind <TAB> form|form|..."]
    for row in TABLE.strip().splitlines():
        code, masc, fem, english, extra = (f.strip() for f in row.split(";"))
        if code in seen or code in EXEMPT:
            sys.exit(f"{code}: listed twice or exempt")
        seen.add(code)
        adjectives, prefixes = [], []
        if masc:
            fem = fem or feminine(masc)
            adjectives += [masc, fem, plural(masc), plural(fem)]
        adjectives += [e for e in english.split(",") if e]
        for x in (e for e in extra.split(",") if e):
            (prefixes if x.endswith("o") and x[0].islower() else adjectives).append(x)
        unique = list(dict.fromkeys(adjectives))
        if unique:
            out.append(f"{code}\tadj\t{'|'.join(unique)}")
        if prefixes:
            out.append(f"{code}\tprefix\t{'|'.join(dict.fromkeys(prefixes))}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
