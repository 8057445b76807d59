#!/usr/bin/env python3
"""Synthetic cases for `tawasul import --format jsonl FILE` (bench/figures_run), written to stdout.

    python3 bench/gen_cases.py --cases 1000000 [--seed 1] [--open-share 0.02] [--years 3] \
        [--vocabulary demo|rich] > cases.jsonl

Format: docs/API.md "Bulk data". First one reference record per entity and per category of the
demo catalogue (data/demo/catalogue.json), then --cases case lines in submission order, so that
the per-year reference sequences grow with time. References are "YY-NNNNNNN-C": the 2-digit year
of the local (Bahrain, +03:00) submission date, the per-year sequence from 1 (7 digits minimum)
and the Damm check digit over the year and sequence digits.

Submissions spread over the last --years years ending 2026-11-29, mostly in working hours
(Sun-Thu 07:00-14:00 local), few on Fridays and Saturdays, a little more each year. Histories
(every time after the one before it, all before 2026-11-30 00:00 local; anything later is cut):
  - 2% start with a transfer to another entity (the case then has no category);
  - ~90% get a reply 2 h to 2 days after submission;
  - ~5% get a request_info, then a citizen_reply 2 h to 3 days later;
  - the answer comes 1 to 20 days after submission (10% late: 20 to 45 days);
  - half the answers are rated (1..5, mostly 4-5) within 10 days; 3..5 closes the case;
  - an answer not closed by its rating gets a "close" 14 days after the answer;
  - the most recent --open-share of the cases get no answer (they stay open).
Texts: with --vocabulary demo (the default, what bench/figures_run uses) every subject and
description comes from a few fixed templates around the category's and the area's names. With
--vocabulary rich (bench/search_run) the pool is 4 times larger and its texts are varied, for
search: subjects and 2 to 4 description sentences drawn from templates whose slots take words
of a few dozen topics, each in several written forms (hamza on or off the alef, taa marbuta or
haa, alef maqsura or yaa, with and without the clitics و ف ب ل ال), numbers in Arabic-Indic or
ASCII digits, English words inside Arabic text, common English misspellings, and in one case in
12 a sentence with a rare word (drawn with Zipf-like weights, so the last ones occur in a
handful of texts); each case then ends its description with its own block and road numbers.
Deterministic for a seed. Python standard library only. Speed: every text is JSON-escaped once,
into pools of case bodies (type .. description) and of event "suffixes" (everything after the
event's time); histories come from a table of 65,536 pre-drawn plans (event offsets from the
submission); so a case costs a few random draws and byte-string joins (UTF-8 bytes throughout:
no per-line encoding).
"""

import argparse
import datetime as dt
import json
import os
import random
import sys

END_DATE = dt.date(2026, 11, 29)  # last submission day (local); events stop at 2026-11-30 00:00
TZ = "+03:00"
DAY = 86400
HOUR = 3600
POOL_BITS = 15                     # 32,768 case bodies
PLAN_BITS = 16                     # 65,536 histories (of each kind: answered, open)

DAMM = [[0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
        [4, 2, 0, 6, 8, 7, 1, 3, 5, 9], [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
        [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
        [9, 4, 3, 8, 6, 1, 7, 2, 0, 5], [2, 5, 8, 1, 4, 3, 6, 7, 9, 0]]


def damm_from(interim, digits):
    for ch in digits:
        interim = DAMM[interim][ord(ch) - 48]
    return interim


def damm(digits):
    """Damm check digit of a digit string (a string ending with its check digit gives 0)."""
    return damm_from(0, digits)


def jstr(s):
    """A JSON string literal (UTF-8 kept as is; quotes, backslashes and controls escaped)."""
    return json.dumps(s, ensure_ascii=False)


AR_SUBJECT = ["{c} في {a}", "ملاحظة بشأن {c} - {a}", "{c}: طلب متابعة ({a})", "استفسار عن {c} في {a}",
              "شكوى بخصوص {c}", "{c} - تأخر في {a}", "اقتراح لتحسين {c}", "شكر على {c} في {a}"]
EN_SUBJECT = ["{c} in {a}", "About {c} - {a}", "{c}: follow-up needed ({a})", "Question on {c} in {a}",
              "Complaint about {c}", "{c} - delay in {a}", "Idea to improve {c}", "Thanks for {c} in {a}"]
AR_DESC = ["أرجو النظر في موضوع {c} في منطقة {a} في أقرب وقت، مع الشكر.",
           "تكرر الأمر أكثر من مرة في {a} ولم تتم معالجته حتى الآن.",
           "أود الاستفسار عن الإجراءات المتبعة بخصوص {c} وما المطلوب مني.",
           "الخدمة في {a} ممتازة وأشكر الموظفين على تعاونهم \"وسرعتهم\"."]
EN_DESC = ["Please look into {c} in {a} as soon as possible. Thank you.",
           "This has happened several times in {a} and is still not fixed.",
           "What is the procedure for {c}, and what do I need to provide?",
           "The service in {a} was excellent; thanks to the staff for their \"quick\" help."]
BODIES = {
    "ar": {"reply": ["شكراً لتواصلكم، نعمل على طلبكم.", "تم استلام طلبكم وإحالته إلى القسم المختص.",
                     "نعتذر عن التأخير، الموضوع قيد المتابعة."],
           "request_info": ["نرجو تزويدنا بالعنوان بالتفصيل.", "نرجو إرفاق رقم الطلب السابق."],
           "citizen_reply": ["العنوان: مجمع 123، طريق 45.", "رقم الطلب 88123، مع الشكر."],
           "answer": ["تمت معالجة طلبكم، شكراً لكم.", "تم إصلاح المشكلة وإغلاق البلاغ.",
                      "تمت الإجابة على استفساركم عبر الهاتف."],
           "transfer": "أحيلت إلى الجهة المختصة"},
    "en": {"reply": ["Thank you; we are working on it.", "Received and passed to the team in charge.",
                     "Sorry for the delay; this is being followed up."],
           "request_info": ["Please send the exact address.", "Please attach the earlier request number."],
           "citizen_reply": ["Block 123, Road 45.", "Request number 88123, thanks."],
           "answer": ["Your request has been resolved. Thank you.", "The problem has been fixed.",
                      "We answered your question by phone."],
           "transfer": "Forwarded to the responsible entity"},
}
# Slots of a case's event-suffix tuple (built per language and entity): fixed kinds first, then
# one transfer suffix per other entity.
S_REPLY, S_RI, S_CR, S_ANSWER, S_RATE, S_CLOSE, S_TRANSFER = 0, 3, 5, 7, 10, 15, 16


def draw_plan(rnd, answered, n_transfer):
    """One history: ((offset from submission in s, suffix slot), ...), times increasing."""
    ev = []
    t = 0
    r = rnd()
    if r < 0.02 and n_transfer:
        t += HOUR + int(rnd() * 5 * HOUR)
        ev.append((t, S_TRANSFER + int(rnd() * n_transfer)))
    if r < 0.92:
        x = 2 * HOUR + int(rnd() * 46 * HOUR)
        t = x if x > t else t + 60
        ev.append((t, S_REPLY + int(rnd() * 3)))
    if 0.40 < r < 0.45 or r >= 0.97:
        t += HOUR + int(rnd() * 2 * DAY)
        ev.append((t, S_RI + int(rnd() * 2)))
        t += 2 * HOUR + int(rnd() * 3 * DAY)
        ev.append((t, S_CR + int(rnd() * 2)))
    if answered:
        if rnd() < 0.9:
            x = DAY + int(rnd() * 19 * DAY)           # 1..20 days
        else:
            x = 20 * DAY + int(rnd() * 25 * DAY)      # late: 20..45 days
        t = x if x > t else t + 60
        ev.append((t, S_ANSWER + int(rnd() * 3)))
        t_answer = t
        closed = False
        if rnd() < 0.5:
            x = rnd()
            score = 1 if x < 0.08 else 2 if x < 0.18 else 3 if x < 0.33 else 4 if x < 0.63 else 5
            t += HOUR + int(rnd() * 10 * DAY)         # inside the 14-day rating window
            ev.append((t, S_RATE + score - 1))
            closed = score >= 3
        if not closed:
            ev.append((t_answer + 14 * DAY + int(rnd() * HOUR), S_CLOSE))
    return tuple(ev)


# --- the rich vocabulary (--vocabulary rich) -----------------------------------------------------
# Each topic: its written forms (drawn uniformly), so a search for one form must find the others
# through the analyzer's folding and stemming.
AR_TOPICS = [
    ["إنارة الشارع", "انارة الشارع", "الإنارة", "الانارة", "بالإنارة", "أعمدة الإنارة", "اعمدة الانارة"],
    ["حفرة", "حفره", "الحفرة", "الحفر", "حفر كبيرة", "بالحفرة"],
    ["انقطاع المياه", "إنقطاع الماء", "المياه", "مياه الشرب", "بالمياه", "والمياه"],
    ["انقطاع الكهرباء", "الكهرباء", "كهرباء", "للكهرباء", "بالكهرباء", "التيار الكهربائي"],
    ["المستشفى", "مستشفى", "مستشفي", "بالمستشفى", "المستشفيات", "المركز الصحي"],
    ["موعد", "المواعيد", "مواعيد العيادة", "الموعد", "بالموعد"],
    ["المدرسة", "مدرسة", "مدرسه", "للمدرسة", "بالمدرسة", "المدارس"],
    ["الفاتورة", "فاتورة", "فاتوره", "الفواتير", "بالفاتورة"],
    ["الرخصة", "رخصة", "رخصه", "الترخيص", "تجديد الرخصة"],
    ["تأخير", "تاخير", "التأخير", "التأخر", "تأخر"],
    ["القمامة", "القمامه", "النظافة", "نظافه", "حاويات القمامة"],
    ["الإزعاج", "ازعاج", "الضوضاء", "إزعاج"],
    ["الحديقة", "حديقه", "الحدائق", "حديقة الحي"],
    ["إشارة المرور", "اشارة المرور", "الإشارة الضوئية", "الاشارات"],
    ["مواقف السيارات", "المواقف", "موقف", "الموقف"],
    ["الصرف الصحي", "المجاري", "طفح المجاري", "بالمجاري"],
    ["تسرب", "التسرب", "تسريب", "تسرب المياه"],
    ["الرصيف", "الأرصفة", "ارصفة", "الارصفة"],
    ["الدواء", "الأدوية", "ادوية", "الصيدلية", "صيدليه"],
    ["قسم الطوارئ", "الطوارئ", "الطوارىء", "طوارئ"],
    ["الإسكان", "الاسكان", "وحدة سكنية", "طلب إسكاني", "طلب اسكاني"],
    ["المعاملة", "معامله", "المعاملات", "معاملتي"],
    ["الموقع الإلكتروني", "الموقع الالكتروني", "البوابة الإلكترونية", "البوابه"],
    ["التطبيق", "تطبيق", "بالتطبيق", "التطبيقات"],
    ["الشكوى", "شكوى", "شكوي", "الشكاوى", "شكواي"],
    ["المبنى", "مبنى", "مبني", "المباني"],
    ["الموظف", "الموظفين", "موظفة", "الموظفون"],
    ["الرسوم", "رسوم", "الغرامة", "غرامه"],
]
AR_ADJ = [["سيئ", "سيء", "سيئة", "سيئه"], ["خطير", "خطيرة", "خطيره"], ["مكسور", "مكسورة", "معطل", "معطلة"],
          ["متكرر", "متكررة", "مستمر"], ["ضعيف", "ضعيفة", "ضعيفه"]]
EN_IN_AR = ["app", "WiFi", "SMS", "OTP", "portal", "CPR", "online", "QR code", "email", "website"]
AR_SENT = ["يوجد مشكلة في {w} في {a} منذ {n} أيام.", "تم التواصل بخصوص {w} أكثر من {n} مرات بدون نتيجة.",
           "المشكلة في {w} قرب {w2} في {a}.", "نرجو إصلاح {w} في أسرع وقت ممكن.",
           "لم يصلني رد على طلبي رقم {num} بخصوص {w}.", "حاولت استخدام الـ {en} ولم أستطع إكمال {w}.",
           "الرجاء التواصل معي على الرقم {phone}.", "أشكر القائمين على {w} على سرعة الاستجابة.",
           "هذا الأمر يؤثر على كبار السن والأطفال في {a}.", "{w} في {a} {adj} والوضع لا يحتمل.",
           "وصلتني رسالة {en} عن {w} ولكن لم يتغير شيء.", "أطلب إعادة النظر في {w} لأنها {adj}.",
           "منذ تاريخ {date} ونحن ننتظر حلاً لموضوع {w}.", "{w} {adj} جداً، وفالموضوع يتكرر كل أسبوع."]
AR_SUBJ = ["{w} في {a}", "شكوى بخصوص {w}", "{w} {adj} في {a}", "طلب متابعة: {w} ({a})", "استفسار عن {w}",
           "{c} - {w}", "اقتراح بشأن {w} في {a}", "شكر على {w}", "بلاغ رقم {num} عن {w}", "{w} و{w2}"]
AR_RARE = ["مزراب", "منهول", "بالوعة", "سقالة", "مظلة", "نافورة", "زفلتة", "قنطرة", "مطب", "جسر المشاة",
           "الأسفلت", "السلالم الكهربائية", "مصعد", "المكيف", "التكييف", "البعوض", "الحشرات", "الكلاب الضالة",
           "القطط", "الطيور", "النخيل", "الأشجار", "شجرة", "الرمال", "الغبار", "الدخان", "رائحة كريهة",
           "تشققات", "الجدار", "السور", "البوابة الحديدية", "الملعب", "المسبح", "الشاطئ", "الكورنيش",
           "المسجد", "المقبرة", "السوق المركزي", "المخبز", "المطعم", "الصيدلية المناوبة", "الإسعاف",
           "سيارة الإسعاف", "التطعيم", "اللقاح", "الأشعة", "المختبر", "التحاليل", "النظارات", "الأسنان",
           "العلاج الطبيعي", "الولادة", "الحضانة", "المنحة الدراسية", "الحافلة المدرسية", "الزي المدرسي",
           "الكتب المدرسية", "المعلمة", "الامتحانات", "الشهادة", "التصديق", "جواز السفر", "البطاقة الذكية",
           "السجل التجاري", "العلامة التجارية", "الاستيراد", "التخليص الجمركي", "المخالفة المرورية",
           "الرادار", "الدوار", "النفق", "الطريق السريع", "الممشى", "الدراجات", "الإعاقة", "كرسي متحرك",
           "لغة الإشارة", "المتقاعدين", "الأرامل", "الأيتام", "الضمان الاجتماعي", "علاوة الغلاء",
           "الكهرمان", "الزعفران", "القرنفل", "السلحفاة", "المرجان", "اللؤلؤ", "الفنار", "القلعة"]
EN_TOPICS = [
    ["streetlight", "street light", "street lights", "lamp post", "lighting"],
    ["pothole", "potholes", "pot hole", "road damage"],
    ["water leak", "leaking pipe", "leakage", "water cut", "no water"],
    ["power cut", "power outage", "electricity", "blackout"],
    ["hospital", "clinic", "health centre", "health center"],
    ["appointment", "appointments", "booking"],
    ["bill", "invoice", "billing", "overcharged"],
    ["licence", "license", "licensing", "permit"],
    ["school", "schools", "classroom"],
    ["garbage", "rubbish", "waste collection", "trash"],
    ["noise", "noisy neighbours", "loud music"],
    ["parking", "car park", "parking spaces"],
    ["sewage", "drainage", "sewer overflow"],
    ["pavement", "sidewalk", "footpath"],
    ["pharmacy", "medicine", "prescription"],
    ["housing", "housing unit", "housing request"],
    ["website", "portal", "e-service", "online form"],
    ["traffic light", "traffic signal", "signals"],
    ["delay", "delays", "delayed", "waiting"],
    ["staff", "employee", "employees", "officer"],
]
EN_ADJ = ["broken", "dangerous", "not working", "very bad", "damaged", "unsafe"]
EN_SENT = ["The {w} near {a} has been {adj} for {n} days.", "I called {n} times about the {w} and nobody answered.",
           "Please fix the {w} on Road {road} in {a}.", "My request number {num} about the {w} was not answered.",
           "I could not finish the {w} on the {en} (error {num}).", "The staff at the {w} were very helpful.",
           "I have recieved no reply about the {w} untill now.", "The adress of the {w} is wrong on the {en}.",
           "Maintainance of the {w} in {a} is {adj}.", "Please call me on {phone} about the {w}.",
           "Since {date} we are waiting for the {w} to be fixed.", "There is a seperate issue with the {w2} too."]
EN_SUBJ = ["{w} in {a}", "Complaint about the {w}", "{w} {adj} in {a}", "Follow-up: {w} ({a})", "Question about {w}",
           "{c} - {w}", "Suggestion for the {w} in {a}", "Thanks for the {w}", "Report {num}: {w}", "{w} and {w2}"]
EN_IN_EN = ["app", "website", "portal", "hotline", "SMS"]
EN_RARE = ["scaffolding", "manhole", "gutter", "fountain", "speed bump", "footbridge", "escalator", "elevator",
           "mosquitoes", "stray dogs", "palm trees", "sandstorm", "graffiti", "cracks", "boundary wall",
           "playground", "swimming pool", "corniche", "mosque", "cemetery", "bakery", "ambulance",
           "vaccination", "x-ray", "laboratory", "dentist", "physiotherapy", "kindergarten", "scholarship",
           "school bus", "uniform", "textbooks", "passport", "smart card", "trademark", "customs clearance",
           "speed camera", "roundabout", "tunnel", "wheelchair", "sign language", "pensioners", "lighthouse",
           "saffron", "turtle", "coral", "pearl", "fortress"]
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def rich_text(rnd, lang, cname, area):
    """A (subject, description) pair of the rich vocabulary (without the case's own tail)."""
    pick = lambda xs: xs[int(rnd() * len(xs))]
    ar = lang == "ar"
    topics, adjs = (AR_TOPICS, AR_ADJ) if ar else (EN_TOPICS, [[x] for x in EN_ADJ])

    def digits(x):
        s = str(x)
        return s.translate(AR_DIGITS) if ar and rnd() < 0.6 else s

    def phone():
        x = 30000000 + int(rnd() * 9999999)
        return digits(x) if rnd() < 0.7 else "+973 %d %d" % (x // 10000, x % 10000)

    def date():
        d = dt.date(2024, 1, 1) + dt.timedelta(days=int(rnd() * 1060))
        return digits(d.strftime("%d/%m/%Y"))

    topic = pick(topics)  # one main topic a text, sometimes a second one

    def fill(template):
        return template.format(
            w=pick(topic), w2=pick(pick(topics)), a=area, c=cname, adj=pick(pick(adjs)),
            n=digits(2 + int(rnd() * 9)), num=digits(10000 + int(rnd() * 890000)), phone=phone(),
            en=pick(EN_IN_AR if ar else EN_IN_EN), date=date(), road=digits(1 + int(rnd() * 3999)))

    subject = fill(pick(AR_SUBJ if ar else EN_SUBJ))
    sentences = [fill(pick(AR_SENT if ar else EN_SENT)) for _ in range(2 + int(rnd() * 3))]
    if rnd() < 1 / 12:
        rare = AR_RARE if ar else EN_RARE
        word = rare[min(len(rare) - 1, int(len(rare) * rnd() ** 3))]  # Zipf-like: the last ones rare
        sentences.insert(int(rnd() * len(sentences)),
                         ("وهناك مشكلة أخرى تتعلق بـ%s." if ar else "There is also a problem with the %s.") % word)
    return subject[:200], " ".join(sentences)[:9000]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--open-share", type=float, default=0.02)
    p.add_argument("--years", type=float, default=3)
    p.add_argument("--vocabulary", choices=("demo", "rich"), default="demo")
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--catalogue", default=os.path.join(here, "..", "data", "demo", "catalogue.json"))
    a = p.parse_args()
    if a.cases < 0 or not 0 <= a.open_share <= 1 or not 0 < a.years <= 50:
        p.error("--cases >= 0, --open-share in 0..1, --years in (0, 50]")

    with open(a.catalogue, encoding="utf-8") as f:
        cat = json.load(f)
    entities = [e["code"] for e in cat["entities"]]
    categories = cat["categories"]
    if not categories:
        sys.exit("gen_cases: the catalogue has no categories")
    areas = cat.get("areas") or [{"ar": "المنامة", "en": "Manama"}]
    rng = random.Random(a.seed)
    rnd = rng.random
    out = sys.stdout.buffer
    write = out.write

    # Reference records.
    records = ['{"record":"entity","code":%s,"name_ar":%s,"name_en":%s}\n'
               % (jstr(e["code"]), jstr(e["name_ar"]), jstr(e["name_en"])) for e in cat["entities"]]
    records += ['{"record":"category","code":%s,"entity":%s,"name_ar":%s,"name_en":%s,'
                '"guidance_ar":%s,"guidance_en":%s}\n'
                % (jstr(c["code"]), jstr(c["entity"]), jstr(c["name_ar"]), jstr(c["name_en"]),
                   jstr(c.get("guidance_ar", "")), jstr(c.get("guidance_en", ""))) for c in categories]
    write("".join(records).encode())

    memo = {}

    def js(x):  # jstr, memoised: the pools repeat the same few hundred texts
        v = memo.get(x)
        if v is None:
            v = memo[x] = jstr(x)
        return v

    # Event suffixes per (language, entity), in the slot order above.
    suffixes = {}
    for lang, b in BODIES.items():
        tail = TZ + '","kind":"%s","body":%s}'
        fixed = ([tail % ("reply", js(x)) for x in b["reply"]]
                 + [tail % ("request_info", js(x)) for x in b["request_info"]]
                 + [tail % ("citizen_reply", js(x)) for x in b["citizen_reply"]]
                 + [tail % ("answer", js(x)) for x in b["answer"]]
                 + [TZ + '","kind":"rate","score":%d}' % k for k in range(1, 6)]
                 + [TZ + '","kind":"close"}'])
        assert len(fixed) == S_TRANSFER
        for ent in entities:
            suffixes[lang, ent] = tuple(x.encode() for x in fixed + [
                TZ + '","kind":"transfer","entity":%s,"body":%s}' % (js(e), js(b["transfer"]))
                for e in entities if e != ent])
    n_transfer = len(entities) - 1

    def weighted(options):
        x = rnd()
        for v, w in options:
            x -= w
            if x < 0:
                return v
        return options[-1][0]

    # Case bodies: everything from after the reference to the submission time.
    types = [("complaint", 0.60), ("inquiry", 0.20), ("suggestion", 0.12), ("compliment", 0.08)]
    channels = [("web", 0.45), ("app", 0.35), ("phone", 0.12), ("counter", 0.08)]
    # Rich vocabulary: each case's own end of description (block and road numbers, in Arabic-Indic
    # digits for most Arabic texts), closing the description's string.
    tails = {}
    if a.vocabulary == "rich":
        for lang in ("ar", "en"):
            t = []
            for _ in range(1 << 14):
                block, road = 100 + int(rnd() * 1200), 1 + int(rnd() * 4999)
                if lang == "ar":
                    x = " العنوان: مجمع %d، طريق %d." % (block, road)
                    t.append(x.translate(AR_DIGITS) if rnd() < 0.7 else x)
                else:
                    t.append(" Address: Block %d, Road %d." % (block, road))
            tails[lang] = [(jstr(x)[1:-1] + '","submitted_at":"').encode() for x in t]
    rich = a.vocabulary == "rich"
    pool_bits = POOL_BITS + 2 if rich else POOL_BITS
    pool = []
    for _ in range(1 << pool_bits):
        c = categories[int(rnd() * len(categories))]
        lang = "ar" if rnd() < 0.7 else "en"
        area = areas[int(rnd() * len(areas))][lang]
        cname = c["name_" + lang]
        if rich:
            subject, description = rich_text(rnd, lang, cname, area)
            # The description's closing quote comes after the case's own tail (below).
            body = ('","type":"%s","entity":%s,"category":%s,"channel":"%s","language":"%s",'
                    '"subject":%s,"description":%s'
                    % (weighted(types), js(c["entity"]), js(c["code"]), weighted(channels), lang,
                       jstr(subject), jstr(description)[:-1]))
            pool.append((body.encode(), suffixes[lang, c["entity"]], tails[lang]))
            continue
        subj = (AR_SUBJECT if lang == "ar" else EN_SUBJECT)[int(rnd() * len(AR_SUBJECT))]
        desc = (AR_DESC if lang == "ar" else EN_DESC)[int(rnd() * len(AR_DESC))]
        body = ('","type":"%s","entity":%s,"category":%s,"channel":"%s","language":"%s",'
                '"subject":%s,"description":%s,"submitted_at":"'
                % (weighted(types), js(c["entity"]), js(c["code"]), weighted(channels), lang,
                   js(subj.format(c=cname, a=area)), js(desc.format(c=cname, a=area))))
        pool.append((body.encode(), suffixes[lang, c["entity"]], None))
    answered_plans = [draw_plan(rnd, True, n_transfer) for _ in range(1 << PLAN_BITS)]
    open_plans = [draw_plan(rnd, False, n_transfer) for _ in range(1 << PLAN_BITS)]

    # Calendar: day i = i days after the first submission day; strings per day and per second.
    whole = int(a.years)
    try:
        start = dt.date(END_DATE.year - whole, END_DATE.month, END_DATE.day)
    except ValueError:  # 29 February
        start = dt.date(END_DATE.year - whole, END_DATE.month, END_DATE.day - 1)
    start += dt.timedelta(days=1) - dt.timedelta(days=int(round((a.years - whole) * 365.25)))
    ndays = (END_DATE - start).days + 1
    end = ndays * DAY  # 2026-11-30 00:00 local: nothing at or after it
    dates = [start + dt.timedelta(days=i) for i in range(ndays + 1)]
    day_str = [(d.isoformat() + "T").encode() for d in dates]
    hms = [b"%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) for s in range(DAY)]

    # Submissions per day: Fri/Sat at 12% of a working day, +20% a year; exactly --cases in all.
    weights = [(0.12 if dates[i].weekday() in (4, 5) else 1.0) * (1.0 + 0.2 * a.years * i / ndays)
               for i in range(ndays)]
    total = sum(weights)
    open_from = a.cases - int(round(a.cases * a.open_share))

    # Damm: the state after the year digits and all but the last 3 sequence digits (recomputed
    # every 1000 references), then a table for the last 3 digits.
    last3 = [[damm_from(i, "%03d" % k) for k in range(1000)] for i in range(10)]
    seqs = {}
    n = 0
    cum = 0.0
    pool_shift = PLAN_BITS
    plan_mask = (1 << PLAN_BITS) - 1
    pick_scale = float(1 << (pool_bits + PLAN_BITS))
    buf = []
    add = buf.append
    for day in range(ndays):
        cum += weights[day]
        count = int(round(a.cases * cum / total)) - n
        if count <= 0:
            continue
        if dates[day].weekday() in (4, 5):
            secs = [8 * HOUR + int(rnd() * 14 * HOUR) for _ in range(count)]
        else:
            secs = []
            for _ in range(count):
                x = rnd()
                secs.append(7 * HOUR + int(x * (7 * HOUR / 0.85)) if x < 0.85
                            else int((x - 0.85) * (DAY / 0.15)))
        secs.sort()
        yy = dates[day].year % 100
        yys = b"%02d" % yy
        seq = seqs.get(yy, 0)
        head = -1
        interim = 0
        base = day * DAY
        date_t = day_str[day]
        for s in secs:
            seq += 1
            if seq // 1000 != head:
                head = seq // 1000
                interim = damm(("%02d%07d" % (yy, seq))[:-3])
            t0 = base + s
            k = int(rnd() * pick_scale)
            body, suf, tail = pool[k >> pool_shift]
            if tail:
                body += tail[int(rnd() * 16384)]
            plan = (answered_plans if n < open_from else open_plans)[k & plan_mask]
            ev = []
            for off, slot in plan:
                te = t0 + off
                if te >= end:
                    break
                ev.append(b'{"at":"%s%s%s' % (day_str[te // DAY], hms[te % DAY], suf[slot]))
            add(b'{"reference":"%s-%07d-%d%s%s%s+03:00","events":[%s]}\n'
                % (yys, seq, last3[interim][seq % 1000], body, date_t, hms[s], b",".join(ev)))
            n += 1
        seqs[yy] = seq
        if len(buf) >= 4096:
            write(b"".join(buf))
            buf = []
            add = buf.append
    write(b"".join(buf))
    out.flush()
    if n != a.cases:
        sys.exit("gen_cases: wrote %d cases, not %d" % (n, a.cases))


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(1)
