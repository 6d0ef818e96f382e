"""Reference data and demo officers that `make run` loads on both nodes (see core.py).

Parties, units, twinnings and officials follow ../shared/seeds (DESIGN.md section 8). Unit names are the
real bodies' names where they are known and plausible demo names otherwise; every unit, twinning and
officer here is marked demo. Officials keep every spelling the seed articles write. Officers are invented.
Pure data: no Django import, so tests and scripts can read it without settings.
"""

from __future__ import annotations


def _t(*, en: str, vi: str, lo: str, fr: str) -> dict[str, str]:
    """A text in the four reading languages."""
    return {"en": en, "vi": vi, "lo": lo, "fr": fr}


# --- parties -----------------------------------------------------------------------------------------

PARTIES: list[dict] = [
    {
        "code": "VN",
        "names": _t(en="Vietnam", vi="Việt Nam", lo="ຫວຽດນາມ", fr="Viêt Nam"),
        "language": "vi",
        "peered_in_demo": True,
    },
    {
        "code": "LA",
        "names": _t(en="Laos", vi="Lào", lo="ລາວ", fr="Laos"),
        "language": "lo",
        "peered_in_demo": True,
    },
    {
        "code": "KH",
        "names": _t(en="Cambodia", vi="Campuchia", lo="ກຳປູເຈຍ", fr="Cambodge"),
        "language": "km",
        "peered_in_demo": False,
    },
]


# --- units (a parent always comes before its children) -----------------------------------------------


def _unit(
    code: str,
    party: str,
    parent: str | None,
    kind: str,
    names: dict[str, str],
    offence_focus: str | None = None,
) -> dict:
    return {
        "code": code,
        "party": party,
        "parent": parent,
        "kind": kind,
        "names": names,
        "offence_focus": offence_focus,
        "demo": True,
    }


UNITS: list[dict] = [
    # Vietnam: Ministry of Public Security and its departments.
    _unit(
        "VN-MPS",
        "VN",
        None,
        "ministry",
        _t(
            en="Ministry of Public Security",
            vi="Bộ Công an",
            lo="ກະຊວງປ້ອງກັນຄວາມສະຫງົບ ຫວຽດນາມ",
            fr="Ministère de la Sécurité publique",
        ),
    ),
    _unit(
        "VN-MPS-ICD",
        "VN",
        "VN-MPS",
        "department",
        _t(
            en="International Cooperation Department",
            vi="Cục Hợp tác quốc tế",
            lo="ກົມການຮ່ວມມືສາກົນ",
            fr="Direction de la coopération internationale",
        ),
    ),
    _unit(
        "VN-MPS-IMM",
        "VN",
        "VN-MPS",
        "department",
        _t(
            en="Immigration Department",
            vi="Cục Quản lý xuất nhập cảnh",
            lo="ກົມຄຸ້ມຄອງຄົນເຂົ້າ-ອອກເມືອງ",
            fr="Direction de l'immigration",
        ),
        "illegal_border_crossing",
    ),
    _unit(
        "VN-MPS-DCD",
        "VN",
        "VN-MPS",
        "specialised_unit",
        _t(
            en="Drug Crime Investigation Police Department",
            vi="Cục Cảnh sát điều tra tội phạm về ma túy",
            lo="ກົມຕຳຫຼວດສືບສວນອາຊະຍາກຳຢາເສບຕິດ",
            fr="Direction de la police d'enquête sur la criminalité liée à la drogue",
        ),
        "drug_trafficking",
    ),
    _unit(
        "VN-MPS-CPD",
        "VN",
        "VN-MPS",
        "department",
        _t(
            en="Criminal Police Department",
            vi="Cục Cảnh sát hình sự",
            lo="ກົມຕຳຫຼວດສືບສວນຄະດີອາຍາ",
            fr="Direction de la police criminelle",
        ),
    ),
    _unit(
        "VN-MPS-CPD-TIP",
        "VN",
        "VN-MPS-CPD",
        "specialised_unit",
        _t(
            en="Anti-Human Trafficking Division",
            vi="Phòng Cảnh sát phòng, chống tội phạm mua bán người",
            lo="ພະແນກຕຳຫຼວດຕ້ານການຄ້າມະນຸດ",
            fr="Division de lutte contre la traite des personnes",
        ),
        "trafficking_in_persons",
    ),
    _unit(
        "VN-MPS-ECO",
        "VN",
        "VN-MPS",
        "specialised_unit",
        _t(
            en="Police Department for Corruption, Economic and Smuggling Crimes",
            vi="Cục Cảnh sát điều tra tội phạm về tham nhũng, kinh tế, buôn lậu",
            lo="ກົມຕຳຫຼວດສືບສວນອາຊະຍາກຳການສໍ້ລາດບັງຫຼວງ, ເສດຖະກິດ ແລະ ການລັກລອບ",
            fr="Direction de la police d'enquête sur la corruption, la criminalité économique et la "
            "contrebande",
        ),
        "smuggling_of_goods",
    ),
    _unit(
        "VN-MPS-CT",
        "VN",
        "VN-MPS",
        "specialised_unit",
        _t(
            en="Counter-Terrorism Department",
            vi="Cục Phòng, chống khủng bố",
            lo="ກົມຕ້ານການກໍ່ການຮ້າຍ",
            fr="Direction de la lutte antiterroriste",
        ),
        "terrorism",
    ),
    _unit(
        "VN-MPS-CYB",
        "VN",
        "VN-MPS",
        "specialised_unit",
        _t(
            en="Department of Cyber Security and High-Tech Crime Prevention",
            vi="Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
            lo="ກົມຄວາມປອດໄພທາງໄຊເບີ ແລະ ຕ້ານອາຊະຍາກຳທີ່ນຳໃຊ້ເຕັກໂນໂລຊີສູງ",
            fr="Direction de la cybersécurité et de la lutte contre la criminalité de haute technologie",
        ),
        "cybercrime",
    ),
    # Vietnam: provincial public security of the ten provinces on the Lao border (north to south).
    _unit(
        "VN-PS-DBN",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Dien Bien Provincial Public Security",
            vi="Công an tỉnh Điện Biên",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງດ້ຽນບຽນ",
            fr="Sécurité publique de la province de Dien Bien",
        ),
    ),
    _unit(
        "VN-PS-SLA",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Son La Provincial Public Security",
            vi="Công an tỉnh Sơn La",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງເຊີນລາ",
            fr="Sécurité publique de la province de Son La",
        ),
    ),
    _unit(
        "VN-PS-THA",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Thanh Hoa Provincial Public Security",
            vi="Công an tỉnh Thanh Hóa",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງແທງຮວາ",
            fr="Sécurité publique de la province de Thanh Hoa",
        ),
    ),
    _unit(
        "VN-PS-NAN",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Nghe An Provincial Public Security",
            vi="Công an tỉnh Nghệ An",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງເງະອານ",
            fr="Sécurité publique de la province de Nghe An",
        ),
    ),
    _unit(
        "VN-PS-HTH",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Ha Tinh Provincial Public Security",
            vi="Công an tỉnh Hà Tĩnh",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງຮ່າຕິ້ງ",
            fr="Sécurité publique de la province de Ha Tinh",
        ),
    ),
    _unit(
        "VN-PS-QBH",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Quang Binh Provincial Public Security",
            vi="Công an tỉnh Quảng Bình",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງກວາງບິ່ງ",
            fr="Sécurité publique de la province de Quang Binh",
        ),
    ),
    _unit(
        "VN-PS-QTR",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Quang Tri Provincial Public Security",
            vi="Công an tỉnh Quảng Trị",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງກວາງຈິ",
            fr="Sécurité publique de la province de Quang Tri",
        ),
    ),
    _unit(
        "VN-PS-TTH",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Thua Thien Hue Provincial Public Security",
            vi="Công an tỉnh Thừa Thiên Huế",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງເທື່ອທຽນເຫວ້",
            fr="Sécurité publique de la province de Thua Thien-Hue",
        ),
    ),
    _unit(
        "VN-PS-QNM",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Quang Nam Provincial Public Security",
            vi="Công an tỉnh Quảng Nam",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງກວາງນາມ",
            fr="Sécurité publique de la province de Quang Nam",
        ),
    ),
    _unit(
        "VN-PS-KTM",
        "VN",
        "VN-MPS",
        "provincial_police",
        _t(
            en="Kon Tum Provincial Public Security",
            vi="Công an tỉnh Kon Tum",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງກອນຕຸມ",
            fr="Sécurité publique de la province de Kon Tum",
        ),
    ),
    # Vietnam: the Border Guard is under the Ministry of National Defence.
    _unit(
        "VN-MND",
        "VN",
        None,
        "ministry",
        _t(
            en="Ministry of National Defence",
            vi="Bộ Quốc phòng",
            lo="ກະຊວງປ້ອງກັນປະເທດ ຫວຽດນາມ",
            fr="Ministère de la Défense nationale",
        ),
    ),
    _unit(
        "VN-BGC",
        "VN",
        "VN-MND",
        "border_guard",
        _t(
            en="Border Guard Command",
            vi="Bộ Tư lệnh Bộ đội Biên phòng",
            lo="ກອງບັນຊາການທະຫານປ້ອງກັນຊາຍແດນ ຫວຽດນາມ",
            fr="Commandement des gardes-frontières",
        ),
    ),
    _unit(
        "VN-BG-DBN",
        "VN",
        "VN-BGC",
        "border_guard",
        _t(
            en="Dien Bien Provincial Border Guard Command",
            vi="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Điện Biên",
            lo="ກອງບັນຊາການທະຫານປ້ອງກັນຊາຍແດນ ແຂວງດ້ຽນບຽນ",
            fr="Commandement provincial des gardes-frontières de Dien Bien",
        ),
    ),
    _unit(
        "VN-BG-THA",
        "VN",
        "VN-BGC",
        "border_guard",
        _t(
            en="Thanh Hoa Provincial Border Guard Command",
            vi="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Thanh Hóa",
            lo="ກອງບັນຊາການທະຫານປ້ອງກັນຊາຍແດນ ແຂວງແທງຮວາ",
            fr="Commandement provincial des gardes-frontières de Thanh Hoa",
        ),
    ),
    _unit(
        "VN-BG-NAN",
        "VN",
        "VN-BGC",
        "border_guard",
        _t(
            en="Nghe An Provincial Border Guard Command",
            vi="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Nghệ An",
            lo="ກອງບັນຊາການທະຫານປ້ອງກັນຊາຍແດນ ແຂວງເງະອານ",
            fr="Commandement provincial des gardes-frontières de Nghe An",
        ),
    ),
    _unit(
        "VN-BG-HTH",
        "VN",
        "VN-BGC",
        "border_guard",
        _t(
            en="Ha Tinh Provincial Border Guard Command",
            vi="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Hà Tĩnh",
            lo="ກອງບັນຊາການທະຫານປ້ອງກັນຊາຍແດນ ແຂວງຮ່າຕິ້ງ",
            fr="Commandement provincial des gardes-frontières de Ha Tinh",
        ),
    ),
    _unit(
        "VN-BG-QBH",
        "VN",
        "VN-BGC",
        "border_guard",
        _t(
            en="Quang Binh Provincial Border Guard Command",
            vi="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Bình",
            lo="ກອງບັນຊາການທະຫານປ້ອງກັນຊາຍແດນ ແຂວງກວາງບິ່ງ",
            fr="Commandement provincial des gardes-frontières de Quang Binh",
        ),
    ),
    _unit(
        "VN-BG-QTR",
        "VN",
        "VN-BGC",
        "border_guard",
        _t(
            en="Quang Tri Provincial Border Guard Command",
            vi="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Trị",
            lo="ກອງບັນຊາການທະຫານປ້ອງກັນຊາຍແດນ ແຂວງກວາງຈິ",
            fr="Commandement provincial des gardes-frontières de Quang Tri",
        ),
    ),
    _unit(
        "VN-BG-KTM",
        "VN",
        "VN-BGC",
        "border_guard",
        _t(
            en="Kon Tum Provincial Border Guard Command",
            vi="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Kon Tum",
            lo="ກອງບັນຊາການທະຫານປ້ອງກັນຊາຍແດນ ແຂວງກອນຕຸມ",
            fr="Commandement provincial des gardes-frontières de Kon Tum",
        ),
    ),
    # Vietnam: border guard stations of international border gates on the Lao border.
    _unit(
        "VN-BP-TAYTRANG",
        "VN",
        "VN-BG-DBN",
        "border_post",
        _t(
            en="Tay Trang International Border Gate Border Guard Station",
            vi="Đồn Biên phòng cửa khẩu quốc tế Tây Trang",
            lo="ປ້ອມທະຫານປ້ອງກັນຊາຍແດນ ດ່ານສາກົນໄຕຈາງ",
            fr="Poste des gardes-frontières de la porte frontalière internationale de Tay Trang",
        ),
    ),
    _unit(
        "VN-BP-NAMEO",
        "VN",
        "VN-BG-THA",
        "border_post",
        _t(
            en="Na Meo International Border Gate Border Guard Station",
            vi="Đồn Biên phòng cửa khẩu quốc tế Na Mèo",
            lo="ປ້ອມທະຫານປ້ອງກັນຊາຍແດນ ດ່ານສາກົນນາແມວ",
            fr="Poste des gardes-frontières de la porte frontalière internationale de Na Meo",
        ),
    ),
    _unit(
        "VN-BP-NAMCAN",
        "VN",
        "VN-BG-NAN",
        "border_post",
        _t(
            en="Nam Can International Border Gate Border Guard Station",
            vi="Đồn Biên phòng cửa khẩu quốc tế Nậm Cắn",
            lo="ປ້ອມທະຫານປ້ອງກັນຊາຍແດນ ດ່ານສາກົນນ້ຳກັນ",
            fr="Poste des gardes-frontières de la porte frontalière internationale de Nam Can",
        ),
    ),
    _unit(
        "VN-BP-CAUTREO",
        "VN",
        "VN-BG-HTH",
        "border_post",
        _t(
            en="Cau Treo International Border Gate Border Guard Station",
            vi="Đồn Biên phòng cửa khẩu quốc tế Cầu Treo",
            lo="ປ້ອມທະຫານປ້ອງກັນຊາຍແດນ ດ່ານສາກົນເກົາແຈວ",
            fr="Poste des gardes-frontières de la porte frontalière internationale de Cau Treo",
        ),
    ),
    _unit(
        "VN-BP-CHALO",
        "VN",
        "VN-BG-QBH",
        "border_post",
        _t(
            en="Cha Lo International Border Gate Border Guard Station",
            vi="Đồn Biên phòng cửa khẩu quốc tế Cha Lo",
            lo="ປ້ອມທະຫານປ້ອງກັນຊາຍແດນ ດ່ານສາກົນຈາໂລ",
            fr="Poste des gardes-frontières de la porte frontalière internationale de Cha Lo",
        ),
    ),
    _unit(
        "VN-BP-LAOBAO",
        "VN",
        "VN-BG-QTR",
        "border_post",
        _t(
            en="Lao Bao International Border Gate Border Guard Station",
            vi="Đồn Biên phòng cửa khẩu quốc tế Lao Bảo",
            lo="ປ້ອມທະຫານປ້ອງກັນຊາຍແດນ ດ່ານສາກົນລາວບາວ",
            fr="Poste des gardes-frontières de la porte frontalière internationale de Lao Bao",
        ),
    ),
    _unit(
        "VN-BP-BOY",
        "VN",
        "VN-BG-KTM",
        "border_post",
        _t(
            en="Bo Y International Border Gate Border Guard Station",
            vi="Đồn Biên phòng cửa khẩu quốc tế Bờ Y",
            lo="ປ້ອມທະຫານປ້ອງກັນຊາຍແດນ ດ່ານສາກົນບໍອີ",
            fr="Poste des gardes-frontières de la porte frontalière internationale de Bo Y",
        ),
    ),
    # Laos: Ministry of Public Security and its departments.
    _unit(
        "LA-MPS",
        "LA",
        None,
        "ministry",
        _t(
            en="Ministry of Public Security",
            vi="Bộ An ninh Lào",
            lo="ກະຊວງປ້ອງກັນຄວາມສະຫງົບ",
            fr="Ministère de la Sécurité publique",
        ),
    ),
    _unit(
        "LA-MPS-ICD",
        "LA",
        "LA-MPS",
        "department",
        _t(
            en="International Cooperation Department",
            vi="Cục Hợp tác quốc tế",
            lo="ກົມການຮ່ວມມືສາກົນ",
            fr="Direction de la coopération internationale",
        ),
    ),
    _unit(
        "LA-MPS-IMM",
        "LA",
        "LA-MPS",
        "department",
        _t(
            en="Immigration Police Department",
            vi="Cục Cảnh sát quản lý xuất nhập cảnh",
            lo="ກົມຕຳຫຼວດກວດຄົນເຂົ້າ-ອອກເມືອງ",
            fr="Direction de la police de l'immigration",
        ),
        "illegal_border_crossing",
    ),
    _unit(
        "LA-MPS-GPD",
        "LA",
        "LA-MPS",
        "department",
        _t(
            en="General Police Department",
            vi="Tổng cục Cảnh sát",
            lo="ກົມໃຫຍ່ຕຳຫຼວດ",
            fr="Direction générale de la police",
        ),
    ),
    _unit(
        "LA-MPS-DCD",
        "LA",
        "LA-MPS-GPD",
        "specialised_unit",
        _t(
            en="Counter-Narcotics Police Department",
            vi="Cục Cảnh sát phòng, chống ma túy",
            lo="ກົມຕຳຫຼວດຕ້ານຢາເສບຕິດ",
            fr="Direction de la police antidrogue",
        ),
        "drug_trafficking",
    ),
    _unit(
        "LA-MPS-TIP",
        "LA",
        "LA-MPS-GPD",
        "specialised_unit",
        _t(
            en="Anti-Human Trafficking Department",
            vi="Cục Phòng, chống mua bán người",
            lo="ກົມຕ້ານການຄ້າມະນຸດ",
            fr="Direction de la lutte contre la traite des personnes",
        ),
        "trafficking_in_persons",
    ),
    _unit(
        "LA-MPS-ECO",
        "LA",
        "LA-MPS-GPD",
        "specialised_unit",
        _t(
            en="Economic Police Department",
            vi="Cục Cảnh sát kinh tế",
            lo="ກົມຕຳຫຼວດເສດຖະກິດ",
            fr="Direction de la police économique",
        ),
        "smuggling_of_goods",
    ),
    _unit(
        "LA-MPS-CT",
        "LA",
        "LA-MPS",
        "specialised_unit",
        _t(
            en="Counter-Terrorism Department",
            vi="Cục Phòng, chống khủng bố",
            lo="ກົມຕ້ານການກໍ່ການຮ້າຍ",
            fr="Direction de la lutte antiterroriste",
        ),
        "terrorism",
    ),
    _unit(
        "LA-MPS-CYB",
        "LA",
        "LA-MPS",
        "specialised_unit",
        _t(
            en="Cyber Security and Technology Crime Department",
            vi="Cục An ninh mạng và phòng, chống tội phạm công nghệ",
            lo="ກົມຄວາມປອດໄພທາງໄຊເບີ ແລະ ຕ້ານອາຊະຍາກຳທາງເຕັກໂນໂລຊີ",
            fr="Direction de la cybersécurité et de la lutte contre la criminalité technologique",
        ),
        "cybercrime",
    ),
    # Laos: provincial public security commands of the ten provinces on the Vietnamese border.
    _unit(
        "LA-PS-PSL",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Phongsaly Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Phông-xa-lỳ",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງຜົ້ງສາລີ",
            fr="Commandement provincial de la sécurité publique de Phongsaly",
        ),
    ),
    _unit(
        "LA-PS-LPB",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Luang Prabang Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Luông Pha-bang",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງຫຼວງພະບາງ",
            fr="Commandement provincial de la sécurité publique de Luang Prabang",
        ),
    ),
    _unit(
        "LA-PS-HPN",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Houaphanh Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Hủa Phăn",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງຫົວພັນ",
            fr="Commandement provincial de la sécurité publique de Houaphan",
        ),
    ),
    _unit(
        "LA-PS-XKG",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Xiengkhouang Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Xiêng Khoảng",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງຊຽງຂວາງ",
            fr="Commandement provincial de la sécurité publique de Xieng Khouang",
        ),
    ),
    _unit(
        "LA-PS-BLX",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Bolikhamxay Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Bô-ly-khăm-xay",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງບໍລິຄຳໄຊ",
            fr="Commandement provincial de la sécurité publique de Bolikhamxay",
        ),
    ),
    _unit(
        "LA-PS-KMN",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Khammouane Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Khăm Muồn",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງຄຳມ່ວນ",
            fr="Commandement provincial de la sécurité publique de Khammouane",
        ),
    ),
    _unit(
        "LA-PS-SVK",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Savannakhet Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Xa-van-na-khẹt",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງສະຫວັນນະເຂດ",
            fr="Commandement provincial de la sécurité publique de Savannakhet",
        ),
    ),
    _unit(
        "LA-PS-SLV",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Salavan Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Sa-la-van",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງສາລະວັນ",
            fr="Commandement provincial de la sécurité publique de Saravane",
        ),
    ),
    _unit(
        "LA-PS-SEK",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Sekong Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Xê-kông",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງເຊກອງ",
            fr="Commandement provincial de la sécurité publique de Sékong",
        ),
    ),
    _unit(
        "LA-PS-ATP",
        "LA",
        "LA-MPS",
        "provincial_police",
        _t(
            en="Attapeu Provincial Public Security Command",
            vi="Bộ Chỉ huy An ninh tỉnh Át-tạ-pư",
            lo="ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ ແຂວງອັດຕະປື",
            fr="Commandement provincial de la sécurité publique d'Attapeu",
        ),
    ),
    # Laos: police of the international checkpoints facing the Vietnamese border gates above.
    _unit(
        "LA-BP-SOPHUN",
        "LA",
        "LA-PS-PSL",
        "border_post",
        _t(
            en="Sop Hun International Checkpoint Police",
            vi="Đồn Công an cửa khẩu quốc tế Sốp Hùn",
            lo="ຕຳຫຼວດປະຈຳດ່ານສາກົນສົບຮຸນ",
            fr="Police du poste-frontière international de Sop Hun",
        ),
    ),
    _unit(
        "LA-BP-NAMSOI",
        "LA",
        "LA-PS-HPN",
        "border_post",
        _t(
            en="Nam Soi International Checkpoint Police",
            vi="Đồn Công an cửa khẩu quốc tế Nậm Xôi",
            lo="ຕຳຫຼວດປະຈຳດ່ານສາກົນນ້ຳໂສຍ",
            fr="Police du poste-frontière international de Nam Soi",
        ),
    ),
    _unit(
        "LA-BP-NAMKHAN",
        "LA",
        "LA-PS-XKG",
        "border_post",
        _t(
            en="Nam Khan International Checkpoint Police",
            vi="Đồn Công an cửa khẩu quốc tế Nậm Khắn",
            lo="ຕຳຫຼວດປະຈຳດ່ານສາກົນນ້ຳຄານ",
            fr="Police du poste-frontière international de Nam Khan",
        ),
    ),
    _unit(
        "LA-BP-NAMPHAO",
        "LA",
        "LA-PS-BLX",
        "border_post",
        _t(
            en="Nam Phao International Checkpoint Police",
            vi="Đồn Công an cửa khẩu quốc tế Nậm Phao",
            lo="ຕຳຫຼວດປະຈຳດ່ານສາກົນນ້ຳພາວ",
            fr="Police du poste-frontière international de Nam Phao",
        ),
    ),
    _unit(
        "LA-BP-NAPHAO",
        "LA",
        "LA-PS-KMN",
        "border_post",
        _t(
            en="Na Phao International Checkpoint Police",
            vi="Đồn Công an cửa khẩu quốc tế Na Phàu",
            lo="ຕຳຫຼວດປະຈຳດ່ານສາກົນນາເພົ້າ",
            fr="Police du poste-frontière international de Na Phao",
        ),
    ),
    _unit(
        "LA-BP-DANSAVANH",
        "LA",
        "LA-PS-SVK",
        "border_post",
        _t(
            en="Dansavanh International Checkpoint Police",
            vi="Đồn Công an cửa khẩu quốc tế Đen-xa-vẳn",
            lo="ຕຳຫຼວດປະຈຳດ່ານສາກົນແດນສະຫວັນ",
            fr="Police du poste-frontière international de Dansavanh",
        ),
    ),
    _unit(
        "LA-BP-PHOUKEUA",
        "LA",
        "LA-PS-ATP",
        "border_post",
        _t(
            en="Phou Keua International Checkpoint Police",
            vi="Đồn Công an cửa khẩu quốc tế Phu-cưa",
            lo="ຕຳຫຼວດປະຈຳດ່ານສາກົນພູເກືອ",
            fr="Police du poste-frontière international de Phou Keua",
        ),
    ),
    # Laos: border defence under the Ministry of National Defence.
    _unit(
        "LA-MND",
        "LA",
        None,
        "ministry",
        _t(
            en="Ministry of National Defence",
            vi="Bộ Quốc phòng Lào",
            lo="ກະຊວງປ້ອງກັນປະເທດ",
            fr="Ministère de la Défense nationale",
        ),
    ),
    _unit(
        "LA-BDD",
        "LA",
        "LA-MND",
        "border_guard",
        _t(
            en="Border Defence Department",
            vi="Cục Bảo vệ biên giới",
            lo="ກົມປ້ອງກັນຊາຍແດນ",
            fr="Direction de la défense des frontières",
        ),
    ),
    # Cambodia: known to the data for trilateral work, not peered in the demo.
    _unit(
        "KH-MOI",
        "KH",
        None,
        "ministry",
        _t(
            en="Ministry of Interior",
            vi="Bộ Nội vụ Campuchia",
            lo="ກະຊວງພາຍໃນ ກຳປູເຈຍ",
            fr="Ministère de l'Intérieur",
        ),
    ),
    _unit(
        "KH-MOI-ICD",
        "KH",
        "KH-MOI",
        "department",
        _t(
            en="International Cooperation Department",
            vi="Cục Hợp tác quốc tế",
            lo="ກົມການຮ່ວມມືສາກົນ",
            fr="Direction de la coopération internationale",
        ),
    ),
]


# --- twinnings: facing border provinces (VN side first) ------------------------------------------------

_TWINNING_NOTE = _t(
    en="Demo data: twinning of facing border provinces, for demonstration only.",
    vi="Dữ liệu minh họa: kết nghĩa giữa hai tỉnh biên giới đối diện, chỉ dùng để trình diễn.",
    lo="ຂໍ້ມູນສາທິດ: ການເປັນຄູ່ພີ່ນ້ອງລະຫວ່າງແຂວງຊາຍແດນທີ່ຕິດກັນ, ໃຊ້ເພື່ອການສາທິດເທົ່ານັ້ນ.",
    fr="Données de démonstration : jumelage de provinces frontalières voisines, à titre d'exemple "
    "uniquement.",
)

TWINNINGS: list[dict] = [
    {"a": a, "b": b, "kind": "border_provinces", "demo": True, "note": dict(_TWINNING_NOTE)}
    for a, b in (
        ("VN-PS-DBN", "LA-PS-PSL"),
        ("VN-PS-DBN", "LA-PS-LPB"),
        ("VN-PS-SLA", "LA-PS-HPN"),
        ("VN-PS-SLA", "LA-PS-LPB"),
        ("VN-PS-THA", "LA-PS-HPN"),
        ("VN-PS-NAN", "LA-PS-XKG"),
        ("VN-PS-NAN", "LA-PS-BLX"),
        ("VN-PS-NAN", "LA-PS-HPN"),
        ("VN-PS-HTH", "LA-PS-BLX"),
        ("VN-PS-HTH", "LA-PS-KMN"),
        ("VN-PS-QBH", "LA-PS-KMN"),
        ("VN-PS-QBH", "LA-PS-SVK"),
        ("VN-PS-QTR", "LA-PS-SVK"),
        ("VN-PS-QTR", "LA-PS-SLV"),
        ("VN-PS-TTH", "LA-PS-SLV"),
        ("VN-PS-TTH", "LA-PS-SEK"),
        ("VN-PS-QNM", "LA-PS-SEK"),
        ("VN-PS-KTM", "LA-PS-ATP"),
    )
]


# --- officials named in the seeds ----------------------------------------------------------------------

_SENIOR_LT_GEN = _t(
    en="Senior Lieutenant General", vi="Thượng tướng", lo="ພົນໂທ", fr="Général de corps d'armée"
)
_GENERAL = _t(en="General", vi="Đại tướng", lo="ພົນເອກ", fr="Général d'armée")

OFFICIALS: list[dict] = [
    {
        "key": "luong_tam_quang",
        "party": "VN",
        "name": "Lương Tam Quang",
        "variants": ["Luong Tam Quang"],
        "title": _t(
            en="Deputy Minister of Public Security of Vietnam",
            vi="Thứ trưởng Bộ Công an",
            lo="ຮອງລັດຖະມົນຕີກະຊວງປ້ອງກັນຄວາມສະຫງົບ ຫວຽດນາມ",
            fr="Vice-ministre vietnamien de la Sécurité publique",
        ),
        # Seeds 001/002 say Senior Lieutenant General; the undated French seed 000 says "général de division".
        "rank": dict(_SENIOR_LT_GEN),
        "source": "seeds/001_0d129fad69ff2fd9.txt",
    },
    {
        "key": "kongthong_phongvichit",
        "party": "LA",
        "name": "Kongthong Phongvichit",
        "variants": ["Kong Thoong Phongvichit"],
        "title": _t(
            en="Deputy Minister of Public Security of Laos",
            vi="Thứ trưởng Bộ An ninh Lào",
            lo="ຮອງລັດຖະມົນຕີກະຊວງປ້ອງກັນຄວາມສະຫງົບ",
            fr="Vice-ministre laotien de la Sécurité publique",
        ),
        "rank": dict(_SENIOR_LT_GEN),
        "source": "seeds/002_6003d7f39a448c50.txt",
    },
    {
        "key": "to_lam",
        "party": "VN",
        "name": "Tô Lâm",
        "variants": ["To Lam"],
        "title": _t(
            en="Minister of Public Security of Vietnam",
            vi="Bộ trưởng Bộ Công an",
            lo="ລັດຖະມົນຕີກະຊວງປ້ອງກັນຄວາມສະຫງົບ ຫວຽດນາມ",
            fr="Ministre vietnamien de la Sécurité publique",
        ),
        "rank": dict(_GENERAL),
        "source": "seeds/003_f7e726d1e6a85118.txt",
    },
    {
        "key": "vilay_lakhamphong",
        "party": "LA",
        "name": "Vilay Lakhamphong",
        "variants": [],
        "title": _t(
            en="Deputy Prime Minister and Minister of Public Security of Laos",
            vi="Phó Thủ tướng, Bộ trưởng Bộ An ninh Lào",
            lo="ຮອງນາຍົກລັດຖະມົນຕີ, ລັດຖະມົນຕີກະຊວງປ້ອງກັນຄວາມສະຫງົບ",
            fr="Vice-Premier ministre et ministre laotien de la Sécurité publique",
        ),
        "rank": dict(_GENERAL),
        "source": "seeds/003_f7e726d1e6a85118.txt",
    },
    {
        "key": "hoang_xuan_chien",
        "party": "VN",
        "name": "Hoàng Xuân Chiến",
        "variants": ["Hoang Xuan Chien"],
        "title": _t(
            en="Deputy Minister of National Defence of Vietnam",
            vi="Thứ trưởng Bộ Quốc phòng",
            lo="ຮອງລັດຖະມົນຕີກະຊວງປ້ອງກັນປະເທດ ຫວຽດນາມ",
            fr="Vice-ministre vietnamien de la Défense nationale",
        ),
        "rank": dict(_SENIOR_LT_GEN),
        "source": "seeds/004_4785fa3551a2d649.txt",
    },
    {
        "key": "vongkham_phommakone",
        "party": "LA",
        "name": "Vongkham Phommakone",
        "variants": [],
        "title": _t(
            en="Deputy Minister of Defence of Laos",
            vi="Thứ trưởng Bộ Quốc phòng Lào",
            lo="ຮອງລັດຖະມົນຕີກະຊວງປ້ອງກັນປະເທດ",
            fr="Vice-ministre laotien de la Défense",
        ),
        "rank": _t(en="Lieutenant General", vi="Trung tướng", lo="ພົນຕີ", fr="Général de division"),
        "source": "seeds/004_4785fa3551a2d649.txt",
    },
    {
        "key": "vanxay_phengxumma",
        "party": "LA",
        "name": "Vanxay Phengxumma",
        "variants": [],
        "title": _t(
            en="Secretary of the Provincial Party Committee and Governor of Houaphanh Province",
            vi="Bí thư Tỉnh ủy, Tỉnh trưởng tỉnh Hủa Phăn",
            lo="ເລຂາພັກແຂວງ, ເຈົ້າແຂວງຫົວພັນ",
            fr="Secrétaire du comité provincial du Parti et gouverneur de la province de Houaphan",
        ),
        "rank": _t(en="", vi="", lo="", fr=""),
        "source": "seeds/004_4785fa3551a2d649.txt",
    },
]


# --- demo officers (invented people) ----------------------------------------------------------------

# Shared by every demo officer and printed in the start-up banner: it is meant to be known.
DEMO_PASSWORD: str = "Liaison-demo-2024"  # noqa: S105


def _officer(username: str, party: str, unit: str, roles: list[str], full_name: str, language: str) -> dict:
    return {
        "username": username,
        "party": party,
        "unit": unit,
        "roles": roles,
        "full_name": full_name,
        "language": language,
        "demo": True,
    }


DEMO_OFFICERS: list[dict] = [
    _officer("vn.viewer", "VN", "VN-MPS-ICD", ["viewer"], "Phạm Thu Hà", "fr"),
    _officer("vn.officer", "VN", "VN-MPS-DCD", ["officer"], "Đỗ Minh Tuấn", "vi"),
    _officer("vn.duty", "VN", "VN-PS-QTR", ["duty_officer"], "Lê Quang Vinh", "vi"),
    _officer("vn.liaison", "VN", "VN-MPS-ICD", ["liaison"], "Nguyễn Thị Lan Anh", "en"),
    _officer("vn.admin", "VN", "VN-MPS", ["admin"], "Trần Đức Long", "vi"),
    _officer("vn.signatory", "VN", "VN-MPS", ["liaison"], "Vũ Hoàng Nam", "vi"),
    _officer("vn.outsider", "VN", "VN-PS-KTM", ["officer"], "Bùi Văn Khải", "vi"),
    _officer("la.viewer", "LA", "LA-MPS-ICD", ["viewer"], "ຄຳແພງ ສີສຸວັນ", "en"),
    _officer("la.officer", "LA", "LA-MPS-DCD", ["officer"], "ສົມສັກ ພົມມະວົງ", "lo"),
    _officer("la.duty", "LA", "LA-PS-SVK", ["duty_officer"], "ບຸນມີ ແສງທອງ", "lo"),
    _officer("la.liaison", "LA", "LA-MPS-ICD", ["liaison"], "ວັນນະສອນ ຈັນທະວົງ", "fr"),
    _officer("la.admin", "LA", "LA-MPS", ["admin"], "ພອນສະຫວັນ ສີຫາລາດ", "lo"),
    _officer("la.signatory", "LA", "LA-MPS", ["liaison"], "ທອງສະຫວັດ ແກ້ວມະນີ", "lo"),
    _officer("la.outsider", "LA", "LA-PS-ATP", ["officer"], "ສີສະຫວາດ ອິນທະວົງ", "lo"),
]
