"""Word lists for the genre: titles, romanized Korean surnames, given names, and the
capitalised words of ministries and headlines that are never part of a person's name.

Kept as plain frozensets so every rule module shares one copy built at import time.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(text.split())

# Romanized Korean surnames in the spellings ministries, wires and the UN use.
KOREAN_SURNAMES: frozenset[str] = words("""
Kim Gim Lee Yi Rhee Ri Rhie Park Pak Bak Choi Choe Choy Cho Jo Joe Chung Jung Jeong Chong Kang Gang
Yun Yoon Youn Chun Jeon Jun Chon Han Moon Mun Ko Koh Go Shin Sin Hwang Whang Ahn An Song Yoo Yu Ryu Yoh
Hong Jang Chang Lim Im Rim Oh O Seo Suh Nam Kwon Gwon Kwak Kwak Ban Baek Paik Paek Jin Cha Noh Roh No
Min Ha Heo Hur Huh Yang Ryang Bae Pae Cheon Um Eom Won Yeo Yeom Chae Byun Byeon Pyun Woo Wu Uh Seong
Sung Gu Koo Ku Jeong Tak Ok Ma Do Doh Kil Gil Pyo Ji Chi Hyun Hyeon Na Ra Son Sohn Yeon Yon Ju Joo Goo
Hahn Lyu Ryoo Suk Seok Kye Gye Bang Pang Wang Maeng Myung Myeong Sa Pi Bong Kook Guk
""")

# Common given names of the officials, experts and reporters this genre names. A name that
# starts with one of these is a person even without a title ('Julie Turner said …').
GIVEN_NAMES: frozenset[str] = words("""
Aaron Adam Adrian Ahmed Alan Albert Alex Alexander Alexandra Alice Alicia Alison Amanda Amy Ana Andrea
Andrew Angela Ann Anna Anne Anthony Antonio Antony Ashley Barbara Beth Brian Bruce Carl Carlos Carol
Caroline Catherine Charles Charlotte Chris Christian Christina Christine Christopher Claire Claudia
Colin Craig Daniel David Deborah Dennis Diana Diane Donald Douglas Edward Elena Elizabeth Ellen Emily
Emma Eric Erik Eva Frank Fumio Gary George Gerald Grace Greg Gregory Hannah Harry Helen Henry Hiroshi
Ian Isabel Jack Jacob Jake James Jan Jane Janet Jason Jean Jeffrey Jennifer Jeremy Jessica Joan Joe
Joel John Jonathan Jose José Joseph Joshua Juan Julia Julie Justin Karen Katherine Kathleen Keith
Kenji Kevin Kurt Laura Lauren Linda Lisa Louis Lucy Luis Marco Margaret Maria María Marie Mark Martin
Mary Matthew Melissa Michael Michelle Miguel Mike Nancy Naoko Nicholas Nicole Olivia Patricia Patrick
Paul Peter Philip Rachel Ralph Rebecca Richard Robert Roberta Roger Ronald Rosemary Ruth Ryan Samantha
Samuel Sandra Sarah Scott Sean Signe Simon Sophie Stephen Steven Susan Sung Takashi Taro Teresa Thomas
Tim Timothy Tom Tomás Victor Volker William Yoko Yoshimasa Yuki Zeid Marzuki Michelle Ojea Antonio
Michael Kirby Navi Ban Tomas Quintana Vitit Muntarbhorn Nada Gwen Kelly Mira Uzra Wendy Ned Sung Kurt
Anthony Jake Matthew Linda Hans Heiko Annalena Emmanuel Olaf Rishi Keir Fumio Yoshihide Shinzo Yoko
Toshimitsu Hayashi Lloyd Kamala Joe Barack Hillary Condoleezza Madeleine Colin Rex Mike Ivanka Jens
Ursula Josep Volker Michelle Agnès Ewa Elisa Bill Dan Ben Sam Max Leo Lee Kim Abe Liz Beth Kate Katie
Jenny Jen Jim Jimmy Bob Rob Tony Steve Dave Nick Matt Andy Alex Sue Meg Pat Ted Fred Ed Ray Roy Ron Don
Sergey Sergei Dmitry Vladimir Xi Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Hiroyuki Takehiro Yoshimasa
Kenichiro Shigeo Kazuhiro Akira Kenji Makoto Satoshi Yasuhiro Masahiro Junichi Ichiro Haruko Keiko Yumiko
Mohammed Muhammad Mohamed Ahmad Ali Omar Hassan Hussein Fatima Aisha Amina Kofi Antónia António Luis
Marta Pablo Jorge Manuel Fernando Ricardo Sofía Sofia Laura Paula Ingrid Lars Nils Anders Henrik Sven
Astrid Annika Birgit Dieter Jürgen Klaus Wolfgang Stefan Markus Thomas Pierre Jacques François Françoise
Isabelle Nathalie Olivier Philippe Giovanni Giuseppe Francesco Luca Marco Paolo Alessandro Chiara Elena
Piotr Tomasz Katarzyna Agnieszka Ivan Olga Natalia Tatiana Andrei Alexei Mikhail Yuri Irina Anastasia
Rajesh Priya Sanjay Anil Sunil Ravina Ravi Arjun Nadia Leila Samir Tarek Yusuf Ibrahim Salma Zainab
Gordon Howard Harold Kenneth Larry Leonard Lawrence Marcus Nathan Neil Norman Oliver Oscar Phillip
Raymond Russell Stanley Stuart Terry Todd Travis Trevor Troy Tyler Vincent Wayne Zachary Abigail Alexis
Amber Anita Brenda Carmen Cynthia Debra Dorothy Evelyn Gloria Heather Irene Jacqueline Joanna Josephine
Joyce Judith Judy Kimberly Kristen Lori Marilyn Martha Megan Monica Pamela Rita Rose Sharon Shirley
Stephanie Tammy Theresa Tina Valerie Vanessa Veronica Wanda Yvonne Heidi Hanna Lena Nina Sara
Samantha Dana Uzra Nicholas Antony Rahm Marc Gerard Bonnie Ivana Sigrid Josh Jon Jeff Ken Kyle Sean
Hugh Ross Ruth Chad Colum Rachel Troy Simon Joel Hamish Fraser Angus Niamh Siobhan Aoife
""") - words("Lee Kim Abe Ban Sung Hayashi Kirby Quintana Ojea Rose Sofia Sofía Grace Ned")

# Heads of role phrases. A role phrase ending in one of these, or containing one, marks the
# capitalised words after it as a name ('Special Envoy … Julie Turner', 'Minister Yun').
ROLE_HEADS: frozenset[str] = words("""
minister vice-minister deputy-minister president vice-president secretary secretary-general
under-secretary under-secretary-general envoy ambassador ambassador-at-large ambassador-at-large
director director-general deputy-director-general head chief chair chairman chairwoman chairperson
co-chair spokesperson spokesman spokeswoman rapporteur commissioner high-commissioner representative
senator congressman congresswoman lawmaker governor mayor professor prof. dr. mr. mrs. ms. miss sir
dame judge justice counselor counsellor consul consul-general attaché adviser advisor coordinator
administrator officer researcher fellow analyst expert founder co-founder president-elect premier
chancellor admiral general colonel lieutenant commander captain reverend rev. pastor missionary
missionaries defector defectors activist activists journalist reporter correspondent editor writer
author lecturer member delegate negotiator deputy assistant spokesperson’s prosecutor investigator
""")

# Honorifics: always followed by a name.
HONORIFICS: frozenset[str] = frozenset(
    {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mr", "Ms", "Mrs", "Dr", "Prof", "Sir", "Dame", "Madam",
     "Rev.", "Sen.", "Rep.", "Gov.", "Amb.", "Lord", "Lady", "Honourable", "Honorable", "Hon.", "Excellency",
     "H.E."}
)

# Capitalised words of organisations, places, documents and page furniture: a run of these is
# never a person, and they end a name when scanning back from it.
NON_NAME_WORDS: frozenset[str] = words("""
Ministry Minister Ministers Ministerial Foreign Affairs Unification Republic Korea Korean Koreans
North South East West United States Nations Nation Human Rights Right Council Office Offices
Department State Security General Assembly Committee Commission Bureau Division Policy Policies
Peninsula Peace Regime Strategy Intelligence Global Criminal Justice Issues Issue International
Law Laws Act Court Center Centre Institute University Faculty Press Club Summit Camp House White
Blue National Government Governments Administration Congress Senate Parliament Agency Service
Embassy Embassies Consulate Mission Union European Asia Asian Pacific Japan Japanese China Chinese
American Americans America Washington Seoul Tokyo Geneva York DC D.C. Democratic People's People’s
DPRK ROK UN U.N. U.S. US USA UK EU NSC ICC ICRC OHCHR UNGA UPR COI NGO NGOs Day Defectors Defectors’
Defectors' Meets Meeting Meetings Consultation Consultations Dialogue Conference Forum Report Reports
Review Universal Periodic Resolution Resolutions Third Fourth Fifth Special Envoy Envoys Ambassador
Rapporteur Director Directors Deputy Vice Sharing Fighting Freedom Freedoms Outcome Outcomes Statement
Statements Release Releases Menu Search Home Skip Main Content Media Advisories Advisory Procedures
Expert Experts Catholic Pontifical Red Cross Truth Reconciliation Jurisdiction Colombian Peru Spain
The In On At As He She They It Its This That These Those Both Meanwhile Moreover Furthermore However
According Based During Since Upon Today Official News Begin Text Politics Views View Most Commented
January February March April May June July August September October November December Monday Tuesday
Wednesday Thursday Friday Saturday Sunday Secretary Secretariat Spokesperson Spokesperson’s Council’s
Republic’s Korea’s Nations’ Headquarters Team Task Force Program Programme Project Initiative Fund
Foundation Association Alliance Network Coalition Watch Organization Organisation Organizations
Organisations Committee’s Party Workers’ Workers Army Navy Force Forces Command Unit Division Group
Groups Hall Building Tower Plaza Centre’s Museum Library Archive Archives Record Records Depository
Bureau’s Reauthorization Doctrine Declaration Convention Charter Covenant Protocol Agreement Accord
Treaty Framework Roadmap Plan Vision Strategy’s Initiative’s Consultation’s Sanctions Enforcement
Abductees Abductee Detainees Prisoners War Response Joint Trilateral Bilateral Multilateral High
Commissioner Chief Head Chair Chairman President Presidential Prime Premier Cabinet Senior Assistant
Under Acting Former New Old Great Greater Central Northern Southern Eastern Western Island Islands
River Sea Ocean Mountain Valley City Province County District Region Regional Zone Border Line
Information Economy Society Social Economic Culture Cultural Ideology Reactionary Rejection Thought
Honourable Honorable Hon Excellency Indo-Pacific Asia-Pacific Euro-Atlantic
Anti Anti-Reactionary Planning Diplomacy Diplomatic Affairs’ Relations Management Inter-Korean Overseas
Humanitarian Legal Institutional Nuclear Missile Defense Defence Military Protection Support Settlement
Public Private Civil Civic Society’s Open Closed Professor Faculty’s Pontifical Peace’s Spirit
Delivers Keynote Speech Holds Attends Hosts Receives Visits Speaks Joins Launches Signs Welcomes
Announces Calls Urges Introduces Unveils Stresses Addresses Discusses Condemns Presents Opens Chairs
Leads Pays Remarks Briefing Courtesy Call Outcome Readout
Czech Italy Germany Netherlands Hague Rome Canada France Britain Russia India Mongolia Thailand
Vietnam Australia Switzerland Sweden Norway Swiss Ukrainian Ukraine Pyongyang Beijing Moscow Berlin
London Paris Brussels Ulaanbaatar Bangkok Manila Jakarta Hanoi Washington’s Seoul’s Tokyo’s
Correspondents’ Correspondents Correspondent Client Clients Subscribe Share Print Email Facebook
Twitter Instagram YouTube Kakao Naver Google Copyright Rights’ Staff Reporter Reporters Editor
Editorial Opinion Column Feature Features Breaking Latest Top Stories Story Related Articles Article
""")

# Particles inside personal names ('Beth Van Schaack', 'María de la Cruz').
NAME_PARTICLES: frozenset[str] = frozenset(
    {"van", "Van", "von", "Von", "der", "den", "de", "De", "del", "della", "da", "Da", "dos", "la", "La",
     "le", "Le", "bin", "binti", "al", "Al", "el", "El", "ter", "du", "Du"}
)

# One romanized Korean syllable (Revised and McCune-Reischauer spellings and common variants),
# used to check that 'Jong-suk', 'Younghee' or 'Koo-rae' can be a Korean given name.
_ONSET = r"(?:kk|tt|pp|ss|jj|ch|sh|ts|wh|hw|g|k|n|d|t|r|l|m|b|p|s|j|h|w|y)?"
_VOWEL = r"(?:yeo|yae|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|ou|ei|ie|ai|oh|a|e|i|o|u)"
_CODA = r"(?:ng|ck|k|n|t|l|m|p|g|b|r)?"
KOREAN_SYLLABLE = _ONSET + _VOWEL + _CODA
KOREAN_GIVEN_PART = re.compile(rf"(?:{KOREAN_SYLLABLE}){{1,2}}", re.IGNORECASE)
KOREAN_GIVEN_JOINED = re.compile(rf"(?:{KOREAN_SYLLABLE}){{2}}", re.IGNORECASE)

# English words that look like Korean syllables but follow a surname as ordinary text.
NOT_GIVEN: frozenset[str] = words("""
met said was has had will and the on in at to for of is are as also who did led new old her his
him its our one two ten men can may day way say see let got put ran run be do go no so
up us we he she they them then than that this thus yet not now how why when who all any own per
via pro con non art era law war act
""")


def is_korean_given(part: str) -> bool:
    """Whether one piece of a given name ('Jong', 'suk', 'Younghee') is romanized Korean."""
    low = part.lower()
    if low in NOT_GIVEN or len(low) > 9:
        return False
    return bool(KOREAN_GIVEN_PART.fullmatch(low))
