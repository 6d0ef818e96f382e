"""Closed code lists (DESIGN.md section 6), as data with their labels in vi, lo, en and fr.

The offence list serves ordinary-law crime only (INTERPOL's Article 3 neutrality rule): there is no
political, religious or military category, and nothing at run time can add one. Each code is held in
code, the database refuses any other value through a CHECK constraint (see `offence_check`), and no
admin page, API endpoint or fixture can extend the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language


@dataclass(frozen=True)
class Code:
    code: str
    labels: dict[str, str]
    iccs: str = ""  # UNODC ICCS code where one exists

    def label(self, language: str | None = None) -> str:
        lang = (language or get_language() or "en")[:2]
        return self.labels.get(lang) or self.labels["en"]


OFFENCE_CATEGORIES: tuple[Code, ...] = (
    Code(
        "drug_trafficking",
        {
            "en": "Drug trafficking",
            "vi": "Mua bán trái phép chất ma túy",
            "lo": "ການຄ້າຢາເສບຕິດ",
            "fr": "Trafic de stupéfiants",
        },
        "0601",
    ),
    Code(
        "trafficking_in_persons",
        {
            "en": "Trafficking in persons",
            "vi": "Mua bán người",
            "lo": "ການຄ້າມະນຸດ",
            "fr": "Traite des personnes",
        },
        "020221",
    ),
    Code(
        "smuggling_of_migrants",
        {
            "en": "Smuggling of migrants",
            "vi": "Đưa người di cư trái phép",
            "lo": "ການລັກລອບນຳຄົນເຂົ້າເມືອງ",
            "fr": "Trafic illicite de migrants",
        },
        "08051",
    ),
    Code(
        "smuggling_of_goods",
        {
            "en": "Smuggling of goods and wildlife",
            "vi": "Buôn lậu hàng hóa và động vật hoang dã",
            "lo": "ການລັກລອບສິນຄ້າ ແລະ ສັດປ່າ",
            "fr": "Contrebande de marchandises et d'espèces sauvages",
        },
        "0804",
    ),
    Code(
        "firearms_trafficking",
        {
            "en": "Firearms trafficking",
            "vi": "Buôn bán vũ khí trái phép",
            "lo": "ການຄ້າອາວຸດ",
            "fr": "Trafic d'armes à feu",
        },
        "09012",
    ),
    Code("terrorism", {"en": "Terrorism", "vi": "Khủng bố", "lo": "ການກໍ່ການຮ້າຍ", "fr": "Terrorisme"}, "0901"),
    Code(
        "cybercrime",
        {"en": "Cybercrime", "vi": "Tội phạm mạng", "lo": "ອາຊະຍາກຳທາງໄຊເບີ", "fr": "Cybercriminalité"},
        "0502",
    ),
    Code(
        "money_laundering",
        {"en": "Money laundering", "vi": "Rửa tiền", "lo": "ການຟອກເງິນ", "fr": "Blanchiment d'argent"},
        "07041",
    ),
    Code("fraud", {"en": "Fraud", "vi": "Lừa đảo", "lo": "ການສໍ້ໂກງ", "fr": "Fraude"}, "0701"),
    Code(
        "illegal_border_crossing",
        {
            "en": "Illegal border crossing",
            "vi": "Xuất nhập cảnh trái phép",
            "lo": "ການຂ້າມຊາຍແດນຜິດກົດໝາຍ",
            "fr": "Franchissement illégal de frontière",
        },
        "08052",
    ),
    Code(
        "document_fraud",
        {
            "en": "Document fraud",
            "vi": "Làm giả giấy tờ",
            "lo": "ການປອມແປງເອກະສານ",
            "fr": "Fraude documentaire",
        },
        "0704",
    ),
    Code(
        "missing_persons",
        {"en": "Missing persons", "vi": "Người mất tích", "lo": "ຄົນຫາຍສາບສູນ", "fr": "Personnes disparues"},
    ),
)

# TLP 2.0 (FIRST): labels are the standard's own, identical in every language.
TLP_LEVELS: tuple[Code, ...] = tuple(
    Code(code, {"en": label, "vi": label, "lo": label, "fr": label})
    for code, label in (
        ("clear", "TLP:CLEAR"),
        ("green", "TLP:GREEN"),
        ("amber", "TLP:AMBER"),
        ("amber_strict", "TLP:AMBER+STRICT"),
        ("red", "TLP:RED"),
    )
)

PRIORITIES: tuple[Code, ...] = (
    Code("routine", {"en": "Routine", "vi": "Thường", "lo": "ທຳມະດາ", "fr": "Routine"}),
    Code("urgent", {"en": "Urgent", "vi": "Khẩn", "lo": "ດ່ວນ", "fr": "Urgent"}),
    Code(
        "immediate",
        {
            "en": "Immediate (hotline)",
            "vi": "Thượng khẩn (đường dây nóng)",
            "lo": "ດ່ວນທີ່ສຸດ (ສາຍດ່ວນ)",
            "fr": "Immédiat (ligne directe)",
        },
    ),
)

CODE_LISTS: dict[str, tuple[Code, ...]] = {
    "offence": OFFENCE_CATEGORIES,
    "tlp": TLP_LEVELS,
    "priority": PRIORITIES,
}


def codes(list_name: str) -> list[str]:
    return [c.code for c in CODE_LISTS[list_name]]


def label(list_name: str, code: str, language: str | None = None) -> str:
    for entry in CODE_LISTS[list_name]:
        if entry.code == code:
            return entry.label(language)
    return code


_lazy_label = lazy(label, str)


def choices(list_name: str) -> list[tuple[str, str]]:
    """(code, label) pairs whose labels follow the language active when they are rendered."""
    return [(c.code, _lazy_label(list_name, c.code)) for c in CODE_LISTS[list_name]]


def code_field(list_name: str, **kwargs: object) -> models.CharField:
    """A CharField holding a code of one closed list (pair it with `code_check`)."""
    return models.CharField(max_length=40, choices=choices(list_name), **kwargs)  # type: ignore[arg-type]


def code_check(field: str, list_name: str, *, nullable: bool = False) -> models.CheckConstraint:
    """The database-level guard: no row may hold a code outside the closed list."""
    condition = models.Q(**{f"{field}__in": codes(list_name)})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"%(app_label)s_%(class)s_{field}_closed_list")
