"""Writes tests/data/name_pairs.csv, the labelled evaluation set of the name matcher.

    python tests/data/make_name_pairs.py

Three kinds of rows, told apart by the ``source`` column:

* Real public names exactly as a source prints them: the seed articles (``seed <file>``), the
  project's design page (the Lao-script form of Kongthong Phongvichit) and issue 12.
* Real names with a variant made by a stated rule (``generated: <rule>``): these say nothing
  about how the person's name is actually published, only that the rule's output must (or must
  not) match.
* Invented persons (``generated: invented ...``): Vietnamese names from common name parts, and
  Lao names written by hand in Lao script with conventional romanisations. They are not people.

The output is deterministic (fixed random seed) and the file is committed; rerun after editing.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).with_name("name_pairs.csv")

S000 = "seed 000_0f5cc0062cd9151c.txt"
S001 = "seed 001_0d129fad69ff2fd9.txt"
S002 = "seed 002_6003d7f39a448c50.txt"
S003 = "seed 003_f7e726d1e6a85118.txt"
S004 = "seed 004_4785fa3551a2d649.txt"
DESIGN = "shared/DESIGN.md section 3 (Lao script of Kongthong Phongvichit)"
ISSUE = "issue 12, acceptance (To Lam / Tô Lâm)"

Row = tuple[str, str, bool, str]

# --- real names, as published --------------------------------------------------------------------

REAL: list[Row] = [
    ("Luong Tam Quang", "Lương Tam Quang", True, f"{S000} / {S001}"),
    ("Lương Tam Quang", "Luong Tam Quang", True, f"{S001} / {S002}"),
    ("Luong Tam Quang", "Luong Tam Quang", True, f"{S000} / {S002}"),
    ("Kong Thoong Phongvichit", "Kongthong Phongvichit", True, f"{S000} / {S001}"),
    ("Kongthong Phongvichit", "Kong Thoong Phongvichit", True, f"{S002} / {S000}"),
    ("Kongthong Phongvichit", "ກົງທອງ ພົງວິຈິດ", True, f"{S001} / {DESIGN}"),
    ("Kong Thoong Phongvichit", "ກົງທອງ ພົງວິຈິດ", True, f"{S000} / {DESIGN}"),
    ("To Lam", "Tô Lâm", True, f"{S003} / {ISSUE}"),
    # Different real officials named in the same articles.
    ("Luong Tam Quang", "Kongthong Phongvichit", False, S002),
    ("Lương Tam Quang", "Kong Thoong Phongvichit", False, f"{S001} / {S000}"),
    ("To Lam", "Vilay Lakhamphong", False, S003),
    ("Hoang Xuan Chien", "Vongkham Phommakone", False, S004),
    ("Vongkham Phommakone", "Vanxay Phengxumma", False, S004),
    ("Kongthong Phongvichit", "Vongkham Phommakone", False, f"{S002} / {S004}"),
    ("Vilay Lakhamphong", "Vanxay Phengxumma", False, f"{S003} / {S004}"),
    ("Kong Thoong Phongvichit", "Vilay Lakhamphong", False, f"{S000} / {S003}"),
    ("Luong Tam Quang", "Hoang Xuan Chien", False, f"{S002} / {S004}"),
    ("To Lam", "Luong Tam Quang", False, f"{S003} / {S002}"),
    ("Tô Lâm", "Lương Tam Quang", False, f"{ISSUE} / {S001}"),
    ("ກົງທອງ ພົງວິຈິດ", "Vongkham Phommakone", False, f"{DESIGN} / {S004}"),
    ("ກົງທອງ ພົງວິຈິດ", "Vilay Lakhamphong", False, f"{DESIGN} / {S003}"),
    ("ກົງທອງ ພົງວິຈິດ", "Vanxay Phengxumma", False, f"{DESIGN} / {S004}"),
    ("ກົງທອງ ພົງວິຈິດ", "Luong Tam Quang", False, f"{DESIGN} / {S002}"),
]

# Real names with variants made by one stated rule (the person is not claimed to use them).
REAL_VARIANTS: list[tuple[str, str, str, str]] = [
    # (name as published, source, variant, rule)
    ("Luong Tam Quang", S002, "LUONG TAM QUANG", "upper case"),
    ("Luong Tam Quang", S002, "Tam Quang Luong", "family name last"),
    ("Lương Tam Quang", S001, "LƯƠNG Tam Quang", "family name in capitals"),
    ("Lương Tam Quang", S001, "Luong, Tam Quang", "comma after the family name"),
    ("To Lam", S003, "TO LAM", "upper case"),
    ("To Lam", S003, "Lam To", "family name last"),
    ("Hoang Xuan Chien", S004, "Hoàng Xuân Chiến", "Vietnamese diacritics written by hand"),
    ("Hoang Xuan Chien", S004, "Xuan Chien Hoang", "family name last"),
    ("Hoang Xuan Chien", S004, "HOANG Xuan Chien", "family name in capitals"),
    ("Kongthong Phongvichit", S001, "Gongthong Phongvichit", "k/g"),
    ("Kongthong Phongvichit", S001, "Kongthong Phongvichid", "final t/d"),
    ("Kongthong Phongvichit", S001, "Kongthong Pongvichit", "ph/p"),
    ("Kongthong Phongvichit", S001, "Kongthong Phongwichit", "v/w"),
    ("Kongthong Phongvichit", S001, "Kongthong Phongvijit", "ch/j"),
    ("Kongthong Phongvichit", S001, "Kongthorng Phongvichit", "o/or"),
    ("Kongthong Phongvichit", S001, "Kong Thong Phong Vichit", "syllables split"),
    ("Kongthong Phongvichit", S001, "Phongvichit Kongthong", "family name first"),
    ("Kongthong Phongvichit", S001, "Kongthong Phongvichith", "final t/th"),
    ("Kong Thoong Phongvichit", S000, "Kongthoong Phongvichit", "syllables merged"),
    ("Vilay Lakhamphong", S003, "Vilai Lakhamphong", "ay/ai"),
    ("Vilay Lakhamphong", S003, "Wilay Lakhamphong", "v/w"),
    ("Vilay Lakhamphong", S003, "Vilay Lakamphong", "kh/k"),
    ("Vilay Lakhamphong", S003, "Vilay La Kham Phong", "syllables split"),
    ("Vilay Lakhamphong", S003, "Lakhamphong Vilay", "family name first"),
    ("Vilay Lakhamphong", S003, "Vilay Lakhamphoong", "doubled vowel"),
    ("Vilay Lakhamphong", S003, "ວິໄລ ຫຼ້າຄຳພອງ", "Lao script written from the romanisation (unverified)"),
    ("Vongkham Phommakone", S004, "Vongkham Phommakon", "-one/-on"),
    ("Vongkham Phommakone", S004, "Vongkham Phomakone", "single m"),
    ("Vongkham Phommakone", S004, "Wongkham Phommakone", "v/w"),
    ("Vongkham Phommakone", S004, "Vong Kham Phommakone", "syllables split"),
    ("Vongkham Phommakone", S004, "Vongkham Pommakorn", "ph/p and o/or"),
    ("Vongkham Phommakone", S004, "Vongkam Phommakone", "kh/k"),
    ("Vongkham Phommakone", S004, "Phommakone Vongkham", "family name first"),
    ("Vongkham Phommakone", S004, "ວົງຄຳ ພົມມະກອນ", "Lao script written from the romanisation (unverified)"),
    ("Vanxay Phengxumma", S004, "Vansay Phengsumma", "x/s"),
    ("Vanxay Phengxumma", S004, "Vanxai Phengxumma", "ay/ai"),
    ("Vanxay Phengxumma", S004, "Vanxay Phengxoumma", "ou/u"),
    ("Vanxay Phengxumma", S004, "Vanxay Pheng Xumma", "syllables split"),
    ("Vanxay Phengxumma", S004, "Vanxay Phengxuma", "single m"),
    ("Vanxay Phengxumma", S004, "Phengxumma Vanxay", "family name first"),
    ("Vanxay Phengxumma", S004, "ວັນໄຊ ແພງສຸມມາ", "Lao script written from the romanisation (unverified)"),
]

# Real names against a made-up near neighbour (a namesake or a relative), with the rule.
REAL_NEGATIVES: list[tuple[str, str, str, str]] = [
    ("Luong Tam Quang", S002, "Luong Tam Quan", "one letter off the given name"),
    ("Luong Tam Quang", S002, "Luong Van Quang", "another middle name (a relative's pattern)"),
    ("Luong Tam Quang", S002, "Luong Thi Tam", "same family, woman's middle name"),
    ("Luong Tam Quang", S002, "Nguyen Tam Quang", "another family name"),
    ("To Lam", S003, "To Lan", "one letter off the given name"),
    ("To Lam", S003, "To Van Lam", "longer name, same family and given"),
    ("Hoang Xuan Chien", S004, "Hoang Xuan Chinh", "another given name"),
    ("Hoang Xuan Chien", S004, "Hoang Van Chien", "another middle name"),
    ("Kongthong Phongvichit", S001, "Kongthong Phommachanh", "namesake: same given name"),
    ("Kongthong Phongvichit", S001, "Khamphanh Phongvichit", "relative: same family name"),
    ("Kongthong Phongvichit", S001, "Kongkeo Phongvichit", "relative with a near given name"),
    ("Vilay Lakhamphong", S003, "Vilay Sisoulith", "namesake: same given name"),
    ("Vilay Lakhamphong", S003, "Vilayvong Lakhamphong", "relative with a longer given name"),
    ("Vilay Lakhamphong", S003, "Bounmy Lakhamphong", "relative: same family name"),
    ("Vongkham Phommakone", S004, "Vongkham Phommachanh", "namesake: same given name"),
    ("Vongkham Phommakone", S004, "Vongsa Phommakone", "relative with a near given name"),
    ("Vanxay Phengxumma", S004, "Vanxay Phommachanh", "namesake: same given name"),
    ("Vanxay Phengxumma", S004, "Somphone Phengxumma", "relative: same family name"),
    ("Vanxay Phengxumma", S004, "Vanna Phengxumma", "relative with a near given name"),
]

# --- invented Vietnamese persons -----------------------------------------------------------------

VN_FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Tô",
]  # fmt: skip
VN_MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Xuân"]
VN_MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh"]
VN_GIVEN = [
    "An", "Anh", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Quang", "Sơn",
    "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Việt", "Vinh", "Yến", "Đạt", "Đông",
]  # fmt: skip
# Given names that differ by a letter or two: different people.
VN_NEAR = [
    ("An", "Anh"), ("Hà", "Hải"), ("Minh", "Vinh"), ("Quân", "Quang"), ("Linh", "Lan"),
    ("Hùng", "Hưng"), ("Tâm", "Tân"), ("Long", "Lộc"), ("Nam", "Năm"), ("Hoa", "Hòa"),
    ("Trang", "Trung"), ("Thảo", "Thành"), ("Phong", "Phương"), ("Hạnh", "Hạ"), ("Đông", "Đồng"),
]  # fmt: skip


def strip(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --- invented Lao persons: Lao script with hand-written romanisations (press style first) ------

LAO_GIVEN: list[tuple[str, list[str]]] = [
    ("ສົມສັກ", ["Somsack", "Somsak"]),
    ("ບຸນມີ", ["Bounmy", "Bounmi", "Bunmi"]),
    ("ສົມພອນ", ["Somphone", "Somphon", "Sompone"]),
    ("ຄຳພັນ", ["Khamphanh", "Khamphan", "Kham Phan"]),
    ("ບຸນທອງ", ["Bounthong", "Bounthorng", "Bun Thong"]),
    ("ວັນນະ", ["Vanna", "Wanna"]),
    ("ພອນສະຫວັນ", ["Phonsavanh", "Phonesavanh", "Phonsavan"]),
    ("ໄຊສົມບູນ", ["Xaysomboun", "Saysomboun", "Xai Somboun"]),
    ("ທອງສະຫວັນ", ["Thongsavanh", "Thongsavan", "Tongsavanh"]),
    ("ຄຳຫຼ້າ", ["Khamla", "Khamlaa", "Kham La"]),
    ("ບົວພັນ", ["Bouaphanh", "Bouaphan", "Buaphan"]),
    ("ສຸລິຍາ", ["Souliya", "Suliya", "Soulia"]),
    ("ອຸດົມ", ["Oudom", "Udom"]),
    ("ດວງໃຈ", ["Douangchai", "Duangchai", "Douangjai"]),
    ("ມະນີວັນ", ["Manivanh", "Manivan", "Maniwan"]),
    ("ສຸກສະຫວັນ", ["Souksavanh", "Suksavan", "Souk Savanh"]),
    ("ພູມີ", ["Phoumy", "Phoumi", "Phumi"]),
    ("ຈັນທະລາ", ["Chanthala", "Jantala", "Janthala"]),
    ("ສີສະຫວາດ", ["Sisavath", "Sisavat", "Seesavath"]),
    ("ແສງທອງ", ["Sengthong", "Saengthong", "Seng Thong"]),
    ("ຄຳແພງ", ["Khamphaeng", "Khampheng", "Kham Pheng"]),
    ("ວົງເດືອນ", ["Vongdeuan", "Vongduean", "Vongduan"]),
    ("ສີພອນ", ["Siphone", "Siphon", "Sipone"]),
    ("ບຸນເຫຼືອ", ["Bounleua", "Bounlua", "Bounlueua"]),
]
LAO_FAMILY: list[tuple[str, list[str]]] = [
    ("ພົມມະຈັນ", ["Phommachanh", "Phommachan", "Phomachanh"]),
    ("ສີສຸລິດ", ["Sisoulith", "Sisoulit", "Sisulid"]),
    ("ວົງສາ", ["Vongsa", "Wongsa", "Vong Sa"]),
    ("ແກ້ວມະນີ", ["Keomany", "Kaewmani", "Keomani"]),
    ("ຈັນທະວົງ", ["Chanthavong", "Chanthawong", "Janthavong"]),
    ("ສຸວັນນະວົງ", ["Souvannavong", "Suvannavong", "Souvanavong"]),
    ("ໄຊຍະວົງ", ["Xayavong", "Sayavong", "Xaiyavong"]),
    ("ພິມມະສອນ", ["Phimmasone", "Phimmason", "Phimasone"]),
    ("ອິນທະວົງ", ["Inthavong", "Inthawong", "Intavong"]),
    ("ສີຫາລາດ", ["Sihalath", "Sihalat", "Sihalad"]),
    ("ດວງມະນີ", ["Douangmany", "Duangmani", "Douangmani"]),
    ("ຄຳວົງສາ", ["Khamvongsa", "Khamwongsa", "Kham Vongsa"]),
    ("ແສງສຸລິຍາ", ["Sengsouliya", "Saengsuliya", "Seng Souliya"]),
    ("ພົນເສນາ", ["Phonsena", "Phonesena", "Phon Sena"]),
    ("ລາດສະວົງ", ["Latsavong", "Lasavong", "Latsawong"]),
    ("ວົງພະຈັນ", ["Vongphachanh", "Vongphachan", "Wongphachanh"]),
]


def vietnamese(rng: random.Random) -> list[Row]:
    tag = "generated: invented Vietnamese person"
    rows: list[Row] = [
        ("Nguyen Van An", "Nguyen Van Anh", False, f"{tag}; the hard negative named in issue 12"),
        ("Nguyễn Văn An", "Nguyễn Văn Anh", False, f"{tag}; the hard negative named in issue 12"),
        ("Nguyễn Văn An", "Nguyen Van Anh", False, f"{tag}; the hard negative named in issue 12"),
    ]
    for _ in range(60):  # the same person, written with and without diacritics, or re-ordered
        female = rng.random() < 0.5
        name = [
            rng.choice(VN_FAMILY),
            rng.choice(VN_MIDDLE_F if female else VN_MIDDLE_M),
            rng.choice(VN_GIVEN),
        ]
        full = " ".join(name)
        rule = rng.choice(["no diacritics", "upper case without diacritics", "given name first", "capitals"])
        if rule == "no diacritics":
            other = strip(full)
        elif rule == "upper case without diacritics":
            other = strip(full).upper()
        elif rule == "given name first":
            other = " ".join([name[2], name[0], name[1]])
        else:
            other = name[0].upper() + " " + " ".join(name[1:])
        rows.append((full, other, True, f"{tag}; {rule}"))
    for _ in range(30):  # near given names: An / Anh
        fam, mid = rng.choice(VN_FAMILY), rng.choice(VN_MIDDLE_M + VN_MIDDLE_F)
        x, y = rng.choice(VN_NEAR)
        a, b = f"{fam} {mid} {x}", f"{fam} {mid} {y}"
        if rng.random() < 0.5 and strip(x) != strip(y):  # Nam/Năm differ only by their diacritics
            a, b = strip(a), strip(b)
        rows.append((a, b, False, f"{tag}; given names one letter apart ({x}/{y})"))
    for _ in range(25):  # siblings: same family, another middle or given name
        fam = rng.choice(VN_FAMILY)
        g1, g2 = rng.sample(VN_GIVEN, 2)
        m1, m2 = rng.choice(VN_MIDDLE_M), rng.choice(VN_MIDDLE_F)
        rows.append((f"{fam} {m1} {g1}", strip(f"{fam} {m2} {g2}"), False, f"{tag}; relatives (siblings)"))
    for _ in range(15):  # brother and sister sharing a given name
        fam, given = rng.choice(VN_FAMILY), rng.choice(VN_GIVEN)
        rows.append(
            (f"{fam} {rng.choice(VN_MIDDLE_M)} {given}", f"{fam} {rng.choice(VN_MIDDLE_F)} {given}", False,
             f"{tag}; relatives (other middle name)")
        )  # fmt: skip
    for _ in range(20):  # namesakes: same middle and given name, another family
        f1, f2 = rng.sample(VN_FAMILY, 2)
        mid, given = rng.choice(VN_MIDDLE_M), rng.choice(VN_GIVEN)
        rows.append((f"{f1} {mid} {given}", f"{f2} {mid} {given}", False, f"{tag}; namesakes (other family)"))
    return rows


def lao(rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    tag = "generated: invented Lao person; Lao script and romanisations written by hand"
    for _ in range(45):  # Lao script against a romanisation
        (gl, gr), (fl, fr) = rng.choice(LAO_GIVEN), rng.choice(LAO_FAMILY)
        rows.append((f"{gl} {fl}", f"{rng.choice(gr)} {rng.choice(fr)}", True, f"{tag}; script vs Latin"))
    for _ in range(45):  # two romanisations of one name, sometimes family name first
        (_, gr), (_, fr) = rng.choice(LAO_GIVEN), rng.choice(LAO_FAMILY)
        a = f"{gr[0]} {fr[0]}"
        g2, f2 = rng.choice(gr[1:]), rng.choice(fr[1:])
        b = f"{f2} {g2}" if rng.random() < 0.3 else f"{g2} {f2}"
        rows.append((a, b, True, f"{tag}; two romanisations"))
    for _ in range(25):  # namesakes: same given name, another family
        (gl, gr) = rng.choice(LAO_GIVEN)
        (f1l, f1r), (_, f2r) = rng.sample(LAO_FAMILY, 2)
        a = f"{gl} {f1l}" if rng.random() < 0.4 else f"{gr[0]} {f1r[0]}"
        rows.append((a, f"{rng.choice(gr)} {rng.choice(f2r)}", False, f"{tag}; namesakes (same given name)"))
    for _ in range(25):  # relatives: same family, another given name
        (g1l, g1r), (_, g2r) = rng.sample(LAO_GIVEN, 2)
        (fl, fr) = rng.choice(LAO_FAMILY)
        a = f"{g1l} {fl}" if rng.random() < 0.4 else f"{g1r[0]} {fr[0]}"
        rows.append((a, f"{rng.choice(g2r)} {rng.choice(fr)}", False, f"{tag}; relatives (same family name)"))
    for _ in range(15):  # everything different
        (g1l, _), (_, g2r) = rng.sample(LAO_GIVEN, 2)
        (f1l, _), (_, f2r) = rng.sample(LAO_FAMILY, 2)
        rows.append((f"{g1l} {f1l}", f"{g2r[0]} {f2r[0]}", False, f"{tag}; different persons"))
    return rows


def main() -> None:
    rng = random.Random(20260312)
    rows: list[Row] = list(REAL)
    rows += [(name, variant, True, f"{src}; generated: {rule}") for name, src, variant, rule in REAL_VARIANTS]
    rows += [(name, other, False, f"{src}; generated: {rule}") for name, src, other, rule in REAL_NEGATIVES]
    rows += vietnamese(rng)
    rows += lao(rng)
    seen: set[tuple[str, str]] = set()
    unique = []
    for row in rows:
        if ((row[0], row[1]) not in seen and row[0] != row[1]) or row in REAL:
            seen.add((row[0], row[1]))
            unique.append(row)
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["a", "b", "same", "source"])
        for a, b, same, source in unique:
            writer.writerow([a, b, "true" if same else "false", source])
    print(f"{len(unique)} pairs ({sum(r[2] for r in unique)} same) written to {OUT}")


if __name__ == "__main__":
    main()
