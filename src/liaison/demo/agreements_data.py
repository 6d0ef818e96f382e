"""Meetings, documents and commitments that the seed articles tell, for the agreements app's demo.

Drawn from the seed articles (`seeds/*.txt` of the project's shared folder; DESIGN.md section 8). Every
quote is verbatim: each `source_quote` and each `also_reported` quote occurs exactly in the seed file
its `source` names (tests/demo/test_seed_quotes.py checks it), and a commitment names the article its own
sentence comes from, which is not always its document's. Where a sentence also speaks of political
security ("hostile forces", "peaceful evolution"), only the ordinary-law part of it is quoted and nothing
is recorded about the rest: the product serves ordinary-law crime and cooperation logistics only.
Document texts are demo reconstructions written from the press reports, not the signed texts; progress
entries and statuses are invented for the demo, claim no feature of Liaison, and are marked
illustrative on the pages. The vi, lo and fr texts are our translations. Unit codes refer to
liaison.demo.core_data.UNITS, official keys to OFFICIALS. Pure data: no Django import.
"""

from __future__ import annotations


def _t(*, en: str, vi: str, lo: str, fr: str) -> dict[str, str]:
    """A text in the four reading languages."""
    return {"en": en, "vi": vi, "lo": lo, "fr": fr}


_S000 = "seeds/000_0f5cc0062cd9151c.txt"  # French, undated: the conference matching the 13th
_S001 = "seeds/001_0d129fad69ff2fd9.txt"  # VNS, 19 March 2024: the 14th conference, Vientiane
_S002 = "seeds/002_6003d7f39a448c50.txt"  # MOIT, 15 March 2023: the 13th conference, Da Nang (and the 12th)
_S003 = "seeds/003_f7e726d1e6a85118.txt"  # VNA, 25 October 2022: 2022 plan review, 2023 plan, Hanoi
_S004 = "seeds/004_4785fa3551a2d649.txt"  # MOIT, 24 March 2023: third defence policy dialogue, Xamneua


# --- meetings --------------------------------------------------------------------------------------

MEETINGS: list[dict] = [
    {
        "key": "sec-conf-12",
        "kind": "security_conference",
        "number": 12,
        "title": _t(
            en="12th Vietnam-Laos Security Cooperation Conference",
            vi="Hội nghị hợp tác An ninh Việt Nam - Lào lần thứ XII",
            lo="ກອງປະຊຸມຮ່ວມມືດ້ານປ້ອງກັນຄວາມສະຫງົບ ລາວ-ຫວຽດນາມ ຄັ້ງທີ 12",
            fr="12e Conférence de coopération en matière de sécurité Vietnam-Laos",
        ),
        "date_start": "2022-03-01",
        "date_end": "2022-03-01",
        "date_precision": "month",
        "place": _t(
            en="Laos (city not reported)",
            vi="Lào (không nêu địa điểm cụ thể)",
            lo="ສປປ ລາວ (ບໍ່ໄດ້ລະບຸສະຖານທີ່)",
            fr="Laos (ville non précisée)",
        ),
        "host_party": "LA",
        "co_chairs": [],
        "summary": {
            "en": "Annual conference of the two ministries of public security, held in Laos in March 2022 "
            "(the seeds give neither the day, the city nor the co-chairs). It reviewed the implementation "
            "of the agreements signed and praised the officers' professional training, the exchange "
            "programmes and the security coordination of the Vietnam-Laos, Laos-Vietnam Solidarity and "
            "Friendship Year 2022; the October 2022 plan review lists it among the year's results.",
        },
        "source": _S002,
        "source_quote": "In March 2022, at the 12th conference in Laos, officials from both nations reviewed "
        "and "
        "acknowledged the effective implementation of the agreements signed.",
        "also_reported": [
            {
                "source": _S003,
                "quote": "They successfully organised the 12th Vietnam-Laos security cooperation conference, "
                "along with meetings to exchange professional skills, among other activities, he said.",
            },
        ],
    },
    {
        "key": "plan-review-2022",
        "kind": "plan_review",
        "number": None,
        "title": _t(
            en="Conference reviewing the 2022 cooperation plan and signing the 2023 plan of the Vietnamese "
            "and Lao Ministries of Public Security",
            vi="Hội nghị tổng kết thực hiện Kế hoạch hợp tác năm 2022 và ký Kế hoạch hợp tác năm 2023 giữa "
            "Bộ Công an Việt Nam và Bộ An ninh Lào",
            lo="ກອງປະຊຸມສະຫຼຸບການຈັດຕັ້ງປະຕິບັດແຜນການຮ່ວມມືປີ 2022 ແລະ ລົງນາມແຜນການຮ່ວມມືປີ 2023 "
            "ລະຫວ່າງກະຊວງປ້ອງກັນຄວາມສະຫງົບ ລາວ ແລະ ຫວຽດນາມ",
            fr="Conférence de bilan du plan de coopération 2022 et de signature du plan 2023 entre les "
            "ministères vietnamien et laotien de la Sécurité publique",
        ),
        "date_start": "2022-10-25",
        "date_end": "2022-10-25",
        "date_precision": "day",
        "place": _t(
            en="Hanoi, Vietnam",
            vi="Hà Nội, Việt Nam",
            lo="ນະຄອນຫຼວງຮ່າໂນ້ຍ, ຫວຽດນາມ",
            fr="Hanoï, Viêt Nam",
        ),
        "host_party": "VN",
        "co_chairs": ["to_lam", "vilay_lakhamphong"],
        "summary": {
            "en": "Ministerial conference in Hanoi, after a welcome ceremony for the Lao minister, reviewing "
            "the 2022 cooperation plan (information exchange and joint investigations of drug crime, human "
            "trafficking and smuggling; cooperation of twinned border provinces; Vietnamese help building "
            "stations for Lao public security forces in border areas) and signing the 2023 cooperation "
            "plan. The date is the dateline of the VNA report (25 October 2022); the report does not give "
            "the day of the conference itself.",
        },
        "source": _S003,
        "source_quote": "The conference, co-chaired by Lam and Lao Deputy Prime Minister and Minister of "
        "Public "
        "Security General Vilay Lakhamphong, took place following a welcome ceremony for the Lao official.",
        "also_reported": [
            {
                "source": _S003,
                "quote": "Co-chairing a conference reviewing the implementation of the 2022 cooperation plan "
                "and outlining another for 2023 between the two Ministries of Public Security, Lam said the "
                "two sides should accelerate the implementation of international treaties and agreements to "
                "which both are members.",
            },
        ],
    },
    {
        "key": "sec-conf-13",
        "kind": "security_conference",
        "number": 13,
        "title": _t(
            en="13th Vietnam-Laos Security Cooperation Conference",
            vi="Hội nghị hợp tác An ninh Việt Nam - Lào lần thứ XIII",
            lo="ກອງປະຊຸມຮ່ວມມືດ້ານປ້ອງກັນຄວາມສະຫງົບ ລາວ-ຫວຽດນາມ ຄັ້ງທີ 13",
            fr="13e Conférence de coopération en matière de sécurité Vietnam-Laos",
        ),
        "date_start": "2023-03-15",
        "date_end": "2023-03-15",
        "date_precision": "day",
        "place": _t(
            en="Da Nang, Vietnam",
            vi="Thành phố Đà Nẵng, Việt Nam",
            lo="ນະຄອນດ່ານັງ, ຫວຽດນາມ",
            fr="Da Nang, Viêt Nam",
        ),
        "host_party": "VN",
        "co_chairs": ["luong_tam_quang", "kongthong_phongvichit"],
        "summary": {
            "en": "Annual conference of the two ministries of public security, held in Da Nang on 15 March "
            "2023 together with the 60th anniversary of the Lao Security Forces; co-chaired by the two "
            "deputy ministers, who signed the minutes. Agreed: keep the existing cooperation mechanisms, "
            "the periodic exchange of professional information and the hotline; periodic meetings of "
            "border-locality police; mutual support at regional and international forums; ASEAN "
            "counter-terrorism cooperation; Vietnamese help for Laos's 2024 ASEAN Chairmanship. Seed 000 "
            "(French) reports a conference whose minutes Luong Tam Quang and Kong Thoong Phongvichit "
            "signed; its content matches this conference and is attached here, but that article is "
            "undated (and calls Luong Tam Quang général de division), so the attribution is ours.",
        },
        "source": _S002,
        "source_quote": "On March 15, 2023, in Da Nang, the 13th Vietnam - Laos Security Cooperation "
        "Conference "
        "was co-chaired by Senior Lieutenant General Luong Tam Quang (Member of the Party Central Committee, "
        "Deputy Minister of Public Security of Vietnam) and Senior Lieutenant General Kongthong Phongvichit "
        "(Member of the Party Central Committee, Deputy Minister of Public Security of Laos).",
        "also_reported": [
            {
                "source": _S000,
                "quote": "Lors de cet évènement, le vice-ministre vietnamien de la Sécurité publique, Luong "
                "Tam Quang, et son homologue laotien, Kong Thoong Phongvichit, ont signé un procès-verbal "
                "sur la coopération en matière de sécurité entre le Vietnam et le Laos.",
            },
        ],
    },
    {
        "key": "defence-dialogue-3",
        "kind": "defence_dialogue",
        "number": 3,
        "title": _t(
            en="Third Vietnam-Laos Defence Policy Dialogue",
            vi="Đối thoại chính sách quốc phòng Việt Nam - Lào lần thứ ba",
            lo="ການສົນທະນານະໂຍບາຍປ້ອງກັນປະເທດ ລາວ-ຫວຽດນາມ ຄັ້ງທີ 3",
            fr="Troisième dialogue sur la politique de défense Vietnam-Laos",
        ),
        "date_start": "2023-03-23",
        "date_end": "2023-03-23",
        "date_precision": "day",
        "place": _t(
            en="Xamneua, Houaphanh province, Laos",
            vi="Thị xã Sầm Nưa, tỉnh Hủa Phăn, Lào",
            lo="ເມືອງຊຳເໜືອ, ແຂວງຫົວພັນ, ສປປ ລາວ",
            fr="Xam Neua, province de Houaphan, Laos",
        ),
        "host_party": "LA",
        "co_chairs": ["hoang_xuan_chien", "vongkham_phommakone"],
        "summary": {
            "en": "Dialogue of the two defence ministries led by their deputy ministers; working minutes "
            "signed at its close. Border items: a protocol formalising border guard cooperation hoped for "
            "in 2023; staff training cooperation; a Vietnam-Laos-Cambodia ministerial border defence "
            "friendship exchange with a joint exercise at the end of 2023. The same afternoon the deputy "
            "ministers attended an exchange of young border guards, and the governor of Houaphanh, Vanxay "
            "Phengxumma, was received by Hoang Xuan Chien.",
        },
        "source": _S004,
        "source_quote": "Third Vietnam-Laos Defense Policy Dialogue held at Xamneua town, Huaphanh province, "
        "on March 23.",
        "also_reported": [],
    },
    {
        "key": "sec-conf-14",
        "kind": "security_conference",
        "number": 14,
        "title": _t(
            en="14th Vietnam-Laos Security Cooperation Conference",
            vi="Hội nghị hợp tác An ninh Việt Nam - Lào lần thứ XIV",
            lo="ກອງປະຊຸມຮ່ວມມືດ້ານປ້ອງກັນຄວາມສະຫງົບ ລາວ-ຫວຽດນາມ ຄັ້ງທີ 14",
            fr="14e Conférence de coopération en matière de sécurité Vietnam-Laos",
        ),
        "date_start": "2024-03-19",
        "date_end": "2024-03-19",
        "date_precision": "day",
        "place": _t(
            en="Vientiane, Laos",
            vi="Thủ đô Viêng Chăn, Lào",
            lo="ນະຄອນຫຼວງວຽງຈັນ, ສປປ ລາວ",
            fr="Vientiane, Laos",
        ),
        "host_party": "LA",
        "co_chairs": ["luong_tam_quang", "kongthong_phongvichit"],
        "summary": {
            "en": "Annual conference of the two ministries of public security in Vientiane, co-chaired by "
            "the two deputy ministers, who signed the minutes. It reviewed the coordination of border "
            "localities in implementing the 13th conference's minutes and agreed: more information sharing "
            "between specialised units and border public security forces; mutual support at international "
            "and regional forums; ASEAN counter-terrorism cooperation; and, first, security for the events "
            "of the 2024 ASEAN Year under Laos's Chairmanship.",
        },
        "source": _S001,
        "source_quote": "The 14th Việt Nam- Laos Security Cooperation Conference was co-chaired by "
        "Vietnamese "
        "Deputy Minister of Public Security Senior Lieutenant General Lương Tam Quang and his Lao "
        "counterpart "
        "Kongthong Phongvichit.",
        "also_reported": [
            {
                "source": _S001,
                "quote": "Security forces of Việt Nam and Laos sought ways to strengthen their cooperation "
                "at "
                "their annual conference held in Vientiane on March 19.",
            },
        ],
    },
]


# --- documents -------------------------------------------------------------------------------------

_DEMO_NOTE = "[Demo reconstruction written from press reports; not the text of the signed document.]"

_MINUTES_12 = f"""{_DEMO_NOTE}

MINUTES OF THE 12TH VIETNAM-LAOS SECURITY COOPERATION CONFERENCE
Laos, March 2022

The delegation of the Ministry of Public Security of the Socialist Republic of Vietnam and the delegation of
the Ministry of Public Security of the Lao People's Democratic Republic held their 12th Security Cooperation
Conference in Laos in March 2022. Having reviewed the implementation of the agreements signed, the two sides
agreed as follows.

1. General
1.1. The two sides acknowledge the effective implementation of the agreements signed at previous
conferences and will carry out the 2022 cooperation plan in full.

2. Social order and transnational crime
2.1. The specialised units of the two ministries will regularly exchange information and cooperate in
investigations of transnational crime, especially drug crime, human trafficking and smuggling.
2.2. The public security of the twinned border provinces will work together against crime and handle
illegal migration, undocumented marriages and illegal immigration along the shared border.

3. Training and capacity building
3.1. The two ministries will continue the professional training of officers and regular exchange
programmes, including meetings to exchange professional skills.
3.2. The Vietnamese side will assist the Lao side in building key works, including stations for Lao public
security forces in border areas.

4. Security of events
4.1. The two sides will coordinate security for the events of the "Vietnam-Laos, Laos-Vietnam Solidarity
and Friendship Year 2022".

5. Implementation
5.1. The international cooperation departments of the two ministries follow the implementation of these
minutes and report on it to the 2022 plan review.

Done in Vietnamese and Lao; this English text is the working version.
"""

_PLAN_2023 = f"""{_DEMO_NOTE}

COOPERATION PLAN FOR 2023 BETWEEN THE MINISTRY OF PUBLIC SECURITY OF VIETNAM AND THE MINISTRY OF PUBLIC
SECURITY OF LAOS
Hanoi, 25 October 2022

Having reviewed the implementation of the 2022 cooperation plan, the two ministries adopt the following plan
for 2023.

1. Principles
1.1. The two sides will accelerate the implementation of the international treaties and agreements to which
both are parties, and will instruct public security forces at units and localities to implement the
agreements of the two governments on border areas.

2. Information exchange
2.1. The two ministries will step up the exchange of information and coordinate to prevent the impact of
non-traditional security threats on their cooperation.

3. Transnational crime
3.1. The specialised units will continue joint investigations of transnational crime, especially drug
crime, human trafficking and smuggling, building on the results of 2022.

4. Counter-terrorism
4.1. The counter-terrorism units of the two ministries will consider building a scheme for organising
joint anti-terrorism exercises.

5. Implementation
5.1. Each side names an owner unit for every clause. The international cooperation departments report
progress each quarter and present the implementation review of this plan at the end of 2023.

Signed in Hanoi on 25 October 2022 by the two Ministers of Public Security.
"""

_MINUTES_13 = f"""{_DEMO_NOTE}

MINUTES OF THE 13TH VIETNAM-LAOS SECURITY COOPERATION CONFERENCE
Da Nang, 15 March 2023

The 13th Vietnam-Laos Security Cooperation Conference was held in Da Nang on 15 March 2023, in the year of
the 60th anniversary of the Lao Security Forces (13 March 1963 - 13 March 2023). The two sides reviewed the
implementation of the minutes of the 12th conference and of the 2023 cooperation plan and agreed as follows.

1. General
1.1. The conference remains the annual forum of the two ministries for setting the direction of their
cooperation in the year ahead.

2. Cooperation mechanisms and information exchange
2.1. The two sides will continue to implement the existing cooperation mechanisms effectively, especially
between the specialised units and the police of the localities sharing the common border.
2.2. The two sides attach importance to the mechanism of periodic exchange of professional information and
to the hotline, so that preventive measures can be taken in time.
2.3. The security forces and police of the localities sharing the common border will hold periodic
meetings.

3. Regional and international cooperation
3.1. The two sides will closely support each other's views and positions at global and regional security
cooperation forums.
3.2. The two sides will strengthen cooperation in preventing and controlling international terrorism among
the ASEAN member states.
3.3. The Vietnamese side will help the Lao side prepare for its 2024 ASEAN Chairmanship.

4. Implementation
4.1. The international cooperation departments follow the implementation of these minutes and report on it
to the 14th conference.

Signed in Da Nang on 15 March 2023 by the two Deputy Ministers of Public Security.
"""

_MINUTES_DPD_3 = f"""{_DEMO_NOTE}

WORKING MINUTES OF THE THIRD VIETNAM-LAOS DEFENCE POLICY DIALOGUE
Xamneua, Houaphanh province, 23 March 2023

The delegation of the Ministry of National Defence of Vietnam and the delegation of the Ministry of National
Defence of Laos held their third Defence Policy Dialogue in Xamneua on 23 March 2023. The two sides noted
that bilateral defence cooperation mechanisms had resumed in direct form and agreed as follows on border
matters.

1. General
1.1. The two sides support ASEAN-led mechanisms and will continue to make the Vietnam-Laos border one of
peace, friendship, cooperation and development.

2. Border management
2.1. The two defence ministries will work in 2023 towards signing a protocol that formalises the cooperation
of their border guard forces.

3. Training
3.1. The two sides will continue to attach importance to staff training cooperation, as an important
strategic area of the relationship between the two countries.

4. Trilateral cooperation
4.1. The two sides will organise, with Cambodia, a ministerial border defence friendship exchange of the
three countries, together with the annual meeting of the three defence ministers and a joint exercise, at
the end of 2023.

5. Implementation
5.1. The Border Guard Command of Vietnam and the Border Defence Department of Laos follow the border items
of these minutes.

Signed in Xamneua on 23 March 2023 by the two Deputy Ministers of Defence.
"""

_MINUTES_14 = f"""{_DEMO_NOTE}

MINUTES OF THE 14TH VIETNAM-LAOS SECURITY COOPERATION CONFERENCE
Vientiane, 19 March 2024

The 14th Vietnam-Laos Security Cooperation Conference was held in Vientiane on 19 March 2024. The two sides
reviewed the coordination between the public security forces of border localities in implementing the
minutes of the 13th conference and agreed as follows.

1. General
1.1. The two sides will maintain effective and practical coordination in the year ahead.

2. Cooperation mechanisms and information exchange
2.1. The two sides will further materialise the existing cooperation mechanisms, especially those between
specialised units and border public security forces, with more attention paid to information sharing.

3. Regional and international cooperation
3.1. The two sides will continue their close coordination and mutual support at international and regional
forums.
3.2. The two sides will promote ASEAN cooperation in preventing and combating international terrorism.

4. Security of events
4.1. The public security forces of the two countries will first coordinate to ensure security for the
events and conferences of the 2024 ASEAN Year, when Laos holds the Chairmanship, and for major events in
both countries.

5. Implementation
5.1. The international cooperation departments follow the implementation of these minutes and report on it
to the 15th conference.

Signed in Vientiane on 19 March 2024 by the two Deputy Ministers of Public Security.
"""

_PROTOCOL_DRAFT = f"""{_DEMO_NOTE}

PROTOCOL ON COOPERATION BETWEEN THE BORDER GUARD FORCES OF VIETNAM AND LAOS (DRAFT)

The Ministry of National Defence of Vietnam and the Ministry of National Defence of Laos, following the
working minutes of the third Defence Policy Dialogue, agree as follows.

1. Scope
1.1. This protocol governs cooperation between the Border Guard Command of Vietnam and the Border Defence
Department of Laos, and between their units facing each other along the common border.

2. Information exchange
2.1. Facing border posts exchange information on illegal border crossing, smuggling and trafficking each
month, and at once in urgent cases through the duty desks.

3. Joint work
3.1. Facing units organise coordinated patrols on agreed dates and keep the twinning of border posts.
3.2. Incidents at the border are reported to the other side within 24 hours.

4. Final provisions
4.1. This protocol enters into force on signature and is reviewed at each Defence Policy Dialogue.
"""


DOCUMENTS: list[dict] = [
    {
        "key": "minutes-12",
        "meeting": "sec-conf-12",
        "kind": "minutes",
        "title": _t(
            en="Minutes of the 12th Vietnam-Laos Security Cooperation Conference",
            vi="Biên bản Hội nghị hợp tác An ninh Việt Nam - Lào lần thứ XII",
            lo="ບົດບັນທຶກກອງປະຊຸມຮ່ວມມືດ້ານປ້ອງກັນຄວາມສະຫງົບ ລາວ-ຫວຽດນາມ ຄັ້ງທີ 12",
            fr="Procès-verbal de la 12e Conférence de coopération en matière de sécurité Vietnam-Laos",
        ),
        "working_language": "en",
        "signatories": [],  # the seeds do not say who signed
        "signed_on": None,
        "text": {"en": _MINUTES_12},
        "source": _S002,
        "source_quote": "In March 2022, at the 12th conference in Laos, officials from both nations reviewed "
        "and "
        "acknowledged the effective implementation of the agreements signed.",
    },
    {
        "key": "plan-2023",
        "meeting": "plan-review-2022",
        "kind": "cooperation_plan",
        "title": _t(
            en="2023 Cooperation Plan of the Ministries of Public Security of Vietnam and Laos",
            vi="Kế hoạch hợp tác năm 2023 giữa Bộ Công an Việt Nam và Bộ An ninh Lào",
            lo="ແຜນການຮ່ວມມືປີ 2023 ລະຫວ່າງກະຊວງປ້ອງກັນຄວາມສະຫງົບ ລາວ ແລະ ຫວຽດນາມ",
            fr="Plan de coopération 2023 des ministères de la Sécurité publique du Viêt Nam et du Laos",
        ),
        "working_language": "en",
        "signatories": ["to_lam", "vilay_lakhamphong"],
        "signed_on": "2022-10-25",
        "text": {"en": _PLAN_2023},
        "source": _S003,
        "source_quote": "At the conference, the two ministers signed a cooperation plan between the two "
        "ministries in 2023.",
    },
    {
        "key": "minutes-13",
        "meeting": "sec-conf-13",
        "kind": "minutes",
        "title": _t(
            en="Minutes of the 13th Vietnam-Laos Security Cooperation Conference",
            vi="Biên bản Hội nghị hợp tác An ninh Việt Nam - Lào lần thứ XIII",
            lo="ບົດບັນທຶກກອງປະຊຸມຮ່ວມມືດ້ານປ້ອງກັນຄວາມສະຫງົບ ລາວ-ຫວຽດນາມ ຄັ້ງທີ 13",
            fr="Procès-verbal de la 13e Conférence de coopération en matière de sécurité Vietnam-Laos",
        ),
        "working_language": "en",
        "signatories": ["luong_tam_quang", "kongthong_phongvichit"],
        "signed_on": "2023-03-15",
        "text": {"en": _MINUTES_13},
        "source": _S002,
        "source_quote": "With the signatures of Vietnamese SSG Luong Tam Quang and Lao SSG Kongthong "
        "Phongvichit "
        "on the conference minutes, the 13th Vietnam-Laos Security Cooperation Conference came to a close.",
    },
    {
        "key": "minutes-dpd-3",
        "meeting": "defence-dialogue-3",
        "kind": "minutes",
        "title": _t(
            en="Working minutes of the Third Vietnam-Laos Defence Policy Dialogue",
            vi="Biên bản làm việc Đối thoại chính sách quốc phòng Việt Nam - Lào lần thứ ba",
            lo="ບົດບັນທຶກການເຮັດວຽກ ການສົນທະນານະໂຍບາຍປ້ອງກັນປະເທດ ລາວ-ຫວຽດນາມ ຄັ້ງທີ 3",
            fr="Procès-verbal de travail du troisième dialogue sur la politique de défense Vietnam-Laos",
        ),
        "working_language": "en",
        "signatories": ["hoang_xuan_chien", "vongkham_phommakone"],
        "signed_on": "2023-03-23",
        "text": {"en": _MINUTES_DPD_3},
        "source": _S004,
        "source_quote": "Working minutes were signed by both parties at the conclusion of the Third Defense "
        "Policy Dialogue.",
    },
    {
        "key": "protocol-border-guard-draft",
        "meeting": "defence-dialogue-3",
        "kind": "protocol",
        "title": _t(
            en="Protocol on border guard cooperation (draft)",
            vi="Nghị định thư về hợp tác biên phòng (dự thảo)",
            lo="ພິທີສານວ່າດ້ວຍການຮ່ວມມືດ້ານທະຫານປ້ອງກັນຊາຍແດນ (ຮ່າງ)",
            fr="Protocole sur la coopération entre gardes-frontières (projet)",
        ),
        "working_language": "en",
        "signatories": [],  # not signed: the seeds only report the hope of signing it
        "signed_on": None,
        "text": {"en": _PROTOCOL_DRAFT},
        "source": _S004,
        "source_quote": "In 2023, Vietnam and Laos will continue to work together to improve border "
        "management, "
        "with the hope that their respective defense ministries would formalize their border guard "
        "cooperation "
        "via the signing of a protocol.",
    },
    {
        "key": "minutes-14",
        "meeting": "sec-conf-14",
        "kind": "minutes",
        "title": _t(
            en="Minutes of the 14th Vietnam-Laos Security Cooperation Conference",
            vi="Biên bản Hội nghị hợp tác An ninh Việt Nam - Lào lần thứ XIV",
            lo="ບົດບັນທຶກກອງປະຊຸມຮ່ວມມືດ້ານປ້ອງກັນຄວາມສະຫງົບ ລາວ-ຫວຽດນາມ ຄັ້ງທີ 14",
            fr="Procès-verbal de la 14e Conférence de coopération en matière de sécurité Vietnam-Laos",
        ),
        "working_language": "en",
        "signatories": ["luong_tam_quang", "kongthong_phongvichit"],
        "signed_on": "2024-03-19",
        "text": {"en": _MINUTES_14},
        "source": _S001,
        "source_quote": "The ministers then signed the minutes of the 14th Việt Nam-Laos Security "
        "Cooperation "
        "Conference.",
    },
]


# --- commitments -------------------------------------------------------------------------------------


def _progress(date: str, party: str, percent: int, note: str) -> dict:
    return {"date": date, "party": party, "note": {"en": note}, "percent": percent}


_Q_TRANSNATIONAL = (
    "In ensuring social order and safety, the two sides regularly exchanged information and cooperated in "
    "the "
    "investigations of transnational crimes, especially drug crime, human trafficking and smuggling."
)
_Q_TRAINING_2022 = (
    "The officers' professional training and frequent exchange programs were praised, as was the effective "
    'security coordination that took place during the "Vietnam-Laos, Laos-Vietnam Solidarity and Friendship '
    'Year 2022."'
)
_Q_FORUMS_14 = (
    "The sides consented to continue their close coordination and mutual support at international and "
    "regional forums, and to promote ASEAN cooperation in preventing and combating international terrorism."
)

COMMITMENTS: list[dict] = [
    # 12th conference (March 2022): the year 2022.
    {
        "key": "c12-transnational-crime",
        "document": "minutes-12",
        "clause": "2.1",
        "area": "transnational_crime",
        "text": _t(
            en="Regularly exchange information and cooperate in investigations of transnational crime, "
            "especially drug crime, human trafficking and smuggling.",
            vi="Thường xuyên trao đổi thông tin và phối hợp điều tra tội phạm xuyên quốc gia, nhất là tội "
            "phạm "
            "ma túy, mua bán người và buôn lậu.",
            lo="ແລກປ່ຽນຂໍ້ມູນຂ່າວສານເປັນປະຈຳ ແລະ ຮ່ວມມືສືບສວນ-ສອບສວນອາຊະຍາກຳຂ້າມຊາດ, "
            "ໂດຍສະເພາະອາຊະຍາກຳຢາເສບຕິດ, ການຄ້າມະນຸດ ແລະ ການລັກລອບຄ້າ.",
            fr="Échanger régulièrement des informations et coopérer aux enquêtes sur la criminalité "
            "transnationale, en particulier le trafic de drogue, la traite des personnes et la contrebande.",
        ),
        "owner_vn": "VN-MPS-DCD",
        "owner_la": "LA-MPS-DCD",
        "due": "2022-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S003,
        "source_quote": _Q_TRANSNATIONAL,
        "progress": [
            _progress(
                "2022-06-30",
                "VN",
                50,
                "Monthly exchange between the drug units running; two joint investigations opened.",
            ),
            _progress("2022-10-25", "LA", 100, "Reported as achieved at the October 2022 plan review."),
        ],
    },
    {
        "key": "c12-border-twinning",
        "document": "minutes-12",
        "clause": "2.2",
        "area": "border_cooperation",
        "text": _t(
            en="Public security of the twinned border provinces work together against crime and handle "
            "illegal migration, undocumented marriages and illegal immigration.",
            vi="Công an các tỉnh biên giới kết nghĩa phối hợp đấu tranh phòng, chống tội phạm, giải quyết "
            "tình trạng di cư tự do, kết hôn không giá thú và xuất nhập cảnh trái phép.",
            lo="ກຳລັງປ້ອງກັນຄວາມສະຫງົບຂອງບັນດາແຂວງຊາຍແດນທີ່ເປັນຄູ່ພີ່ນ້ອງ ຮ່ວມມືກັນຕ້ານອາຊະຍາກຳ "
            "ແລະ ແກ້ໄຂບັນຫາການເຄື່ອນຍ້າຍຖິ່ນຖານແບບອິດສະຫຼະ, ການແຕ່ງງານທີ່ບໍ່ໄດ້ຈົດທະບຽນ "
            "ແລະ ການເຂົ້າເມືອງຜິດກົດໝາຍ.",
            fr="La sécurité publique des provinces frontalières jumelées coopère contre la criminalité et "
            "traite les migrations irrégulières, les mariages non enregistrés et l'immigration illégale.",
        ),
        "owner_vn": "VN-PS-QTR",
        "owner_la": "LA-PS-SVK",
        "due": "2022-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S003,
        "source_quote": "At the local level, public security forces of provinces along the shared borderline "
        "and "
        "have twinning relations have worked together to fight crimes and effectively handle issues "
        "regarding "
        "illegal migration, undocumented marriages and illegal immigration",
        "progress": [
            _progress(
                "2022-07-15",
                "LA",
                60,
                "Joint review of free-migration and unregistered-marriage cases held at Dansavanh.",
            ),
            _progress("2022-12-20", "VN", 100, "Year-end border report filed by both provinces."),
        ],
    },
    {
        "key": "c12-training-exchange",
        "document": "minutes-12",
        "clause": "3.1",
        "area": "training",
        "text": _t(
            en="Continue the professional training of officers and regular exchange programmes, including "
            "meetings to exchange professional skills.",
            vi="Tiếp tục đào tạo nghiệp vụ cho cán bộ và các chương trình trao đổi thường xuyên, trong đó có "
            "các cuộc gặp trao đổi kinh nghiệm nghiệp vụ.",
            lo="ສືບຕໍ່ຝຶກອົບຮົມວິຊາສະເພາະໃຫ້ພະນັກງານ ແລະ ໂຄງການແລກປ່ຽນເປັນປະຈຳ, ລວມທັງກອງປະຊຸມແລກປ່ຽນບົດຮຽນດ້ານວິຊາສະເພາະ.",
            fr="Poursuivre la formation professionnelle des officiers et les programmes d'échanges "
            "réguliers, "
            "y compris des réunions d'échange de savoir-faire professionnel.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2022-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S002,
        "source_quote": _Q_TRAINING_2022,
        "progress": [
            _progress(
                "2022-09-30", "VN", 100, "Training courses and skills-exchange meetings held as planned."
            ),
        ],
    },
    {
        "key": "c12-border-stations",
        "document": "minutes-12",
        "clause": "3.2",
        "area": "capacity_building",
        "text": _t(
            en="Vietnam assists Laos in building key works, including stations for Lao public security "
            "forces "
            "in border areas.",
            vi="Phía Việt Nam hỗ trợ phía Lào xây dựng một số công trình trọng điểm, trong đó có các trạm "
            "của "
            "lực lượng an ninh Lào ở khu vực biên giới.",
            lo="ຝ່າຍຫວຽດນາມ ຊ່ວຍເຫຼືອຝ່າຍລາວ ກໍ່ສ້າງບາງໂຄງການສຳຄັນ, ລວມທັງປ້ອມຂອງກຳລັງປ້ອງກັນຄວາມສະຫງົບລາວ ຢູ່ເຂດຊາຍແດນ.",
            fr="Le Viêt Nam aide le Laos à construire des ouvrages clés, dont des postes des forces de "
            "sécurité "
            "publique laotiennes dans les zones frontalières.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2022-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S003,
        "source_quote": "In 2022, the Vietnamese ministry helped its Lao counterpart build a number of key "
        "works, "
        "including stations for Lao public security forces in border areas, and the Lao People's Public "
        "Security Political Academy.",
        "progress": [
            _progress("2022-08-31", "LA", 70, "Border station works under way in two provinces."),
            _progress("2022-10-25", "VN", 100, "Reported as achieved at the October 2022 plan review."),
        ],
    },
    {
        "key": "c12-solidarity-year-security",
        "document": "minutes-12",
        "clause": "4.1",
        "area": "event_security",
        "text": _t(
            en="Coordinate security for the events of the Vietnam-Laos, Laos-Vietnam Solidarity and "
            "Friendship Year 2022.",
            vi="Phối hợp bảo đảm an ninh cho các sự kiện của Năm Đoàn kết hữu nghị Việt Nam - Lào, "
            "Lào - Việt Nam 2022.",
            lo="ປະສານງານຮັບປະກັນຄວາມປອດໄພໃຫ້ແກ່ບັນດາກິດຈະກຳ ປີແຫ່ງຄວາມສາມັກຄີ ມິດຕະພາບ ລາວ-ຫວຽດນາມ, ຫວຽດນາມ-ລາວ 2022.",
            fr="Coordonner la sécurité des événements de l'Année de solidarité et d'amitié Vietnam-Laos, "
            "Laos-Vietnam 2022.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2022-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S002,
        "source_quote": _Q_TRAINING_2022,
        "progress": [
            _progress(
                "2022-12-31",
                "LA",
                100,
                "All events of the Solidarity and Friendship Year passed without incident.",
            ),
        ],
    },
    # 2023 cooperation plan (signed at the October 2022 plan review).
    {
        "key": "p23-info-exchange",
        "document": "plan-2023",
        "clause": "2.1",
        "area": "information_exchange",
        "text": _t(
            en="Step up information exchange between the two ministries and coordinate to prevent the impact "
            "of non-traditional security threats on their cooperation.",
            vi="Đẩy mạnh trao đổi thông tin giữa hai Bộ và phối hợp phòng ngừa tác động của các mối đe dọa "
            "an "
            "ninh phi truyền thống đối với quan hệ hợp tác.",
            lo="ເພີ່ມທະວີການແລກປ່ຽນຂໍ້ມູນຂ່າວສານລະຫວ່າງສອງກະຊວງ ແລະ ປະສານງານປ້ອງກັນຜົນກະທົບ"
            "ຂອງໄພຂົ່ມຂູ່ດ້ານຄວາມໝັ້ນຄົງຮູບແບບໃໝ່ຕໍ່ການຮ່ວມມື.",
            fr="Intensifier l'échange d'informations entre les deux ministères et se coordonner pour "
            "prévenir "
            "l'impact des menaces sécuritaires non traditionnelles sur leur coopération.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2023-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S003,
        "source_quote": "Vietnamese Minister of Public Security General To Lam has suggested his ministry "
        "and its "
        "Lao counterpart step up information exchange, and coordinate in preventing impacts of "
        "non-traditional security threats on their cooperation.",
        "progress": [
            _progress("2023-04-30", "VN", 40, "Exchange calendar agreed; first two monthly exchanges held."),
            _progress(
                "2023-12-15", "LA", 100, "Monthly exchanges held all year; summary sent to both ministers."
            ),
        ],
    },
    {
        "key": "p23-transnational-crime",
        "document": "plan-2023",
        "clause": "3.1",
        "area": "transnational_crime",
        "text": _t(
            en="Continue joint investigations of transnational crime, especially drug crime, human "
            "trafficking "
            "and smuggling.",
            vi="Tiếp tục phối hợp điều tra tội phạm xuyên quốc gia, nhất là tội phạm ma túy, mua bán người "
            "và "
            "buôn lậu.",
            lo="ສືບຕໍ່ຮ່ວມມືສືບສວນ-ສອບສວນອາຊະຍາກຳຂ້າມຊາດ, ໂດຍສະເພາະອາຊະຍາກຳຢາເສບຕິດ, ການຄ້າມະນຸດ ແລະ ການລັກລອບຄ້າ.",
            fr="Poursuivre les enquêtes conjointes sur la criminalité transnationale, en particulier le "
            "trafic "
            "de drogue, la traite des personnes et la contrebande.",
        ),
        "owner_vn": "VN-MPS-CPD-TIP",
        "owner_la": "LA-MPS-TIP",
        "due": "2023-12-31",
        "status": "done",
        "carried_from": "c12-transnational-crime",
        "source": _S003,
        "source_quote": _Q_TRANSNATIONAL,
        "progress": [
            _progress(
                "2023-06-30",
                "LA",
                50,
                "Three joint trafficking-in-persons cases opened with the Vietnamese division.",
            ),
            _progress(
                "2023-12-20", "VN", 100, "Cases of the year closed or handed to prosecutors; results shared."
            ),
        ],
    },
    {
        "key": "p23-ct-exercise-scheme",
        "document": "plan-2023",
        "clause": "4.1",
        "area": "counter_terrorism",
        "text": _t(
            en="Consider building a scheme for organising joint anti-terrorism exercises.",
            vi="Nghiên cứu xây dựng đề án tổ chức diễn tập chống khủng bố.",
            lo="ພິຈາລະນາສ້າງໂຄງການຈັດການຝຶກຊ້ອມຕ້ານການກໍ່ການຮ້າຍ.",
            fr="Étudier l'élaboration d'un projet d'organisation d'exercices antiterroristes conjoints.",
        ),
        "owner_vn": "VN-MPS-CT",
        "owner_la": "LA-MPS-CT",
        "due": "2023-12-31",
        "status": "dropped",
        "carried_from": None,
        "source": _S003,
        # Only the clause on the exercises: the rest of the sentence is not ordinary-law matter.
        "source_quote": "consider building a scheme on organising anti-terrorism exercises.",
        "progress": [
            _progress(
                "2023-05-31", "VN", 20, "Outline of a tabletop exercise exchanged between the two units."
            ),
            _progress(
                "2023-11-30",
                "LA",
                20,
                "Not pursued in 2023: both units gave priority to preparing the "
                "2024 ASEAN events; closed as dropped.",
            ),
        ],
    },
    # 13th conference (15 March 2023).
    {
        "key": "m13-mechanisms",
        "document": "minutes-13",
        "clause": "2.1",
        "area": "information_exchange",
        "text": _t(
            en="Continue to implement the existing cooperation mechanisms effectively, especially between "
            "the "
            "specialised units and the police of the border localities.",
            vi="Tiếp tục thực hiện hiệu quả các cơ chế hợp tác hiện có, nhất là giữa các đơn vị nghiệp vụ và "
            "công an các địa phương có chung đường biên giới.",
            lo="ສືບຕໍ່ຈັດຕັ້ງປະຕິບັດກົນໄກການຮ່ວມມືທີ່ມີຢູ່ໃຫ້ມີປະສິດທິຜົນ, ໂດຍສະເພາະລະຫວ່າງ"
            "ບັນດາກົມວິຊາສະເພາະ ແລະ ຕຳຫຼວດຂອງທ້ອງຖິ່ນທີ່ມີຊາຍແດນຕິດກັນ.",
            fr="Continuer à mettre en œuvre efficacement les mécanismes de coopération existants, en "
            "particulier entre les unités spécialisées et la police des localités frontalières.",
        ),
        "owner_vn": "VN-MPS-DCD",
        "owner_la": "LA-MPS-DCD",
        "due": "2023-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S000,
        "source_quote": "elles ont convenu de continuer à mettre en œuvre efficacement les mécanismes de "
        "coopération existants, en particulier entre les organes professionnels et la police des localités "
        "partageant les frontières communes",
        "progress": [
            _progress(
                "2023-07-31", "LA", 50, "Drug units and the Savannakhet and Quang Tri police met at Lao Bao."
            ),
            _progress(
                "2023-12-31", "VN", 100, "Mechanisms in use all year; reviewed for the 14th conference."
            ),
        ],
    },
    {
        "key": "m13-info-hotline",
        "document": "minutes-13",
        "clause": "2.2",
        "area": "information_exchange",
        "text": _t(
            en="Give importance to the periodic exchange of professional information and to the hotline, so "
            "that preventive measures can be taken in time.",
            vi="Coi trọng cơ chế trao đổi thông tin nghiệp vụ định kỳ và đường dây nóng để kịp thời có biện "
            "pháp phòng ngừa.",
            lo="ໃຫ້ຄວາມສຳຄັນແກ່ກົນໄກການແລກປ່ຽນຂໍ້ມູນຂ່າວສານດ້ານວິຊາສະເພາະເປັນໄລຍະ ແລະ ສາຍດ່ວນ ເພື່ອມີມາດຕະການປ້ອງກັນໄດ້ທັນການ.",
            fr="Attacher de l'importance à l'échange périodique d'informations professionnelles et à la "
            "« hotline », afin de prendre à temps des mesures préventives.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2023-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S000,
        # Only the information-exchange part: the rest of the sentence is not ordinary-law matter.
        "source_quote": "d’attacher de l'importance au mécanisme d'échange périodique d'informations "
        "professionnelles et à la « hotline » pour prendre des mesures préventives",
        "progress": [
            _progress(
                "2023-05-15",
                "VN",
                50,
                "Hotline numbers of the duty desks exchanged and tested; monthly exchange calendar agreed.",
            ),
            _progress(
                "2023-12-15", "LA", 100, "Hotline tested every quarter; twelve monthly exchanges held."
            ),
        ],
    },
    {
        "key": "m13-border-locality-meetings",
        "document": "minutes-13",
        "clause": "2.3",
        "area": "border_cooperation",
        "text": _t(
            en="Hold periodic meetings between the security forces and police of the localities sharing the "
            "common border.",
            vi="Duy trì các cuộc gặp định kỳ giữa lực lượng an ninh và công an các địa phương có chung đường "
            "biên giới.",
            lo="ຮັກສາການພົບປະເປັນໄລຍະລະຫວ່າງກຳລັງປ້ອງກັນຄວາມສະຫງົບ ແລະ ຕຳຫຼວດຂອງທ້ອງຖິ່ນທີ່ມີຊາຍແດນຕິດກັນ.",
            fr="Maintenir des réunions périodiques entre les forces de sécurité et la police des localités "
            "partageant la frontière commune.",
        ),
        "owner_vn": "VN-PS-QTR",
        "owner_la": "LA-PS-SVK",
        "due": "2023-12-31",
        "status": "in_progress",
        "carried_from": None,
        "source": _S000,
        "source_quote": "Le général de division Kong Thoong Phongvichit, quant à lui, a exprimé son espoir "
        "que "
        "dans les temps à venir, les deux parties continueraient à se coordonner efficacement dans les "
        "activités de coopération et à maintenir des réunions périodiques entre les forces de sécurité et la "
        "police des localités partageant les frontières communes.",
        "progress": [
            _progress("2023-05-26", "VN", 25, "First quarterly meeting held at Lao Bao."),
            _progress("2023-08-25", "LA", 50, "Second quarterly meeting held at Dansavanh."),
            _progress(
                "2023-11-24", "VN", 75, "Third meeting held at Lao Bao; the fourth is not yet scheduled."
            ),
        ],
    },
    {
        "key": "m13-regional-forums",
        "document": "minutes-13",
        "clause": "3.1",
        "area": "regional_forums",
        "text": _t(
            en="Closely support each other's views and positions at global and regional security cooperation "
            "forums.",
            vi="Ủng hộ chặt chẽ quan điểm, lập trường của nhau tại các diễn đàn hợp tác an ninh toàn cầu và "
            "khu vực.",
            lo="ສະໜັບສະໜູນທັດສະນະ ແລະ ຈຸດຢືນຂອງກັນ ແລະ ກັນຢ່າງໃກ້ຊິດ ຢູ່ເວທີການຮ່ວມມືດ້ານຄວາມໝັ້ນຄົງສາກົນ ແລະ ພາກພື້ນ.",
            fr="Soutenir étroitement leurs points de vue et positions au sein des forums mondiaux et "
            "régionaux "
            "de coopération en matière de sécurité.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2023-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S002,
        "source_quote": "In an effort to show that they are on the same page when it comes to regional and "
        "international security forums, the two groups have decided to stand together in support of "
        "Southeast Asian stability.",
        "progress": [
            _progress(
                "2023-08-31",
                "LA",
                60,
                "Positions coordinated before the ASEAN senior officials' meeting on transnational crime.",
            ),
            _progress("2023-12-31", "VN", 100, "Joint positions held at every regional meeting of the year."),
        ],
    },
    {
        "key": "m13-asean-ct",
        "document": "minutes-13",
        "clause": "3.2",
        "area": "counter_terrorism",
        "text": _t(
            en="Strengthen cooperation in preventing and controlling international terrorism among the ASEAN "
            "member states.",
            vi="Tăng cường hợp tác phòng, chống khủng bố quốc tế giữa các nước thành viên ASEAN.",
            lo="ເພີ່ມທະວີການຮ່ວມມືໃນການປ້ອງກັນ ແລະ ຕ້ານການກໍ່ການຮ້າຍສາກົນ ລະຫວ່າງບັນດາປະເທດສະມາຊິກອາຊຽນ.",
            fr="Renforcer la coopération dans la prévention et le contrôle du terrorisme international entre "
            "les pays membres de l'ASEAN.",
        ),
        "owner_vn": "VN-MPS-CT",
        "owner_la": "LA-MPS-CT",
        "due": "2023-12-31",
        "status": "dropped",
        "carried_from": None,
        "source": _S000,
        "source_quote": "renforcent leur coopération dans la prévention et le contrôle du terrorisme "
        "international des pays membres de l’ASEAN.",
        "progress": [
            _progress(
                "2023-09-30", "VN", 40, "Contact points named for the ASEAN counter-terrorism working group."
            ),
            _progress(
                "2024-03-19",
                "LA",
                40,
                "Closed as dropped: replaced by clause 3.2 of the 14th "
                "conference's minutes, which carries it forward.",
            ),
        ],
    },
    {
        "key": "m13-asean-chair-prep",
        "document": "minutes-13",
        "clause": "3.3",
        "area": "capacity_building",
        "text": _t(
            en="Vietnam helps Laos prepare for its 2024 ASEAN Chairmanship.",
            vi="Việt Nam hỗ trợ Lào chuẩn bị cho năm Chủ tịch ASEAN 2024.",
            lo="ຫວຽດນາມ ຊ່ວຍເຫຼືອລາວ ໃນການກະກຽມເປັນປະທານອາຊຽນ ປີ 2024.",
            fr="Le Viêt Nam aide le Laos à préparer sa présidence de l'ASEAN en 2024.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2023-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S002,
        "source_quote": "As a show of solidarity and support, Vietnam has pledged to help Laos prepare for "
        "its "
        "2024 ASEAN Chairmanship.",
        "progress": [
            _progress(
                "2023-07-31",
                "VN",
                50,
                "Vietnamese experience of the 2020 ASEAN Chairmanship shared in a "
                "two-day workshop in Vientiane.",
            ),
            _progress(
                "2023-12-15",
                "LA",
                100,
                "Equipment and a second workshop delivered; preparation complete "
                "on the public security side.",
            ),
        ],
    },
    # Third Defence Policy Dialogue (23 March 2023).
    {
        "key": "dpd3-border-guard-protocol",
        "document": "minutes-dpd-3",
        "clause": "2.1",
        "area": "border_cooperation",
        "text": _t(
            en="Work towards signing, in 2023, a protocol formalising the cooperation of the two border "
            "guard "
            "forces.",
            vi="Hướng tới ký kết trong năm 2023 Nghị định thư chính thức hóa hợp tác giữa lực lượng biên "
            "phòng "
            "hai nước.",
            lo="ມຸ່ງໄປສູ່ການລົງນາມພິທີສານວ່າດ້ວຍການຮ່ວມມືລະຫວ່າງກຳລັງທະຫານປ້ອງກັນຊາຍແດນຂອງສອງປະເທດ ໃນປີ 2023.",
            fr="Œuvrer à la signature, en 2023, d'un protocole formalisant la coopération entre les "
            "gardes-frontières des deux pays.",
        ),
        "owner_vn": "VN-BGC",
        "owner_la": "LA-BDD",
        "due": "2023-12-31",
        "status": "in_progress",
        "carried_from": None,
        "source": _S004,
        "source_quote": "In 2023, Vietnam and Laos will continue to work together to improve border "
        "management, "
        "with the hope that their respective defense ministries would formalize their border guard "
        "cooperation "
        "via the signing of a protocol.",
        "progress": [
            _progress(
                "2023-06-30",
                "VN",
                30,
                "First draft of the protocol sent to the Lao Border Defence Department.",
            ),
            _progress("2023-10-31", "LA", 70, "Lao comments returned; second reading still to be scheduled."),
        ],
    },
    {
        "key": "dpd3-staff-training",
        "document": "minutes-dpd-3",
        "clause": "3.1",
        "area": "training",
        "text": _t(
            en="Continue to attach importance to staff training cooperation as an important strategic area "
            "of "
            "the relationship.",
            vi="Tiếp tục coi trọng hợp tác đào tạo cán bộ, xác định đây là lĩnh vực chiến lược quan trọng "
            "trong quan hệ giữa hai nước.",
            lo="ສືບຕໍ່ໃຫ້ຄວາມສຳຄັນແກ່ການຮ່ວມມືດ້ານການບຳລຸງສ້າງພະນັກງານ, ຖືເປັນຂົງເຂດຍຸດທະສາດທີ່ສຳຄັນຂອງສາຍພົວພັນລະຫວ່າງສອງປະເທດ.",
            fr="Continuer à accorder de l'importance à la coopération en matière de formation des cadres, "
            "domaine stratégique important de la relation entre les deux pays.",
        ),
        "owner_vn": "VN-MND",
        "owner_la": "LA-MND",
        "due": "2023-12-31",
        "status": "done",
        "carried_from": None,
        "source": _S004,
        "source_quote": "the two countries agreed to continue to attach importance to staff training "
        "cooperation, recognizing this as an important strategic area for the relationship between the two "
        "countries",
        "progress": [
            _progress(
                "2023-09-15", "LA", 100, "Training quotas for the 2023-2024 academic year agreed and filled."
            ),
        ],
    },
    {
        "key": "dpd3-trilateral-exchange",
        "document": "minutes-dpd-3",
        "clause": "4.1",
        "area": "trilateral",
        "text": _t(
            en="Organise the Vietnam-Laos-Cambodia ministerial border defence friendship exchange, with the "
            "annual meeting of the three defence ministers and a joint exercise, at the end of 2023.",
            vi="Tổ chức Giao lưu hữu nghị quốc phòng biên giới cấp Bộ trưởng ba nước Việt Nam - Lào - "
            "Campuchia, kết hợp Hội nghị thường niên ba Bộ trưởng Quốc phòng và diễn tập chung vào cuối năm "
            "2023.",
            lo="ຈັດການແລກປ່ຽນມິດຕະພາບດ້ານປ້ອງກັນຊາຍແດນຂັ້ນລັດຖະມົນຕີ ລະຫວ່າງສາມປະເທດ "
            "ຫວຽດນາມ-ລາວ-ກຳປູເຈຍ, ສົມທົບກັບກອງປະຊຸມປະຈຳປີຂອງສາມລັດຖະມົນຕີປ້ອງກັນປະເທດ "
            "ແລະ ການຝຶກຊ້ອມຮ່ວມ ໃນທ້າຍປີ 2023.",
            fr="Organiser l'échange d'amitié de défense frontalière au niveau ministériel entre le Viêt Nam, "
            "le "
            "Laos et le Cambodge, avec la réunion annuelle des trois ministres de la Défense et un exercice "
            "conjoint, fin 2023.",
        ),
        "owner_vn": "VN-MND",
        "owner_la": "LA-MND",
        "due": "2023-12-31",
        "status": "in_progress",
        "carried_from": None,
        "source": _S004,
        "source_quote": "agreed to organize the border defence friendship exchange at ministerial level "
        "between "
        "the three countries of Vietnam - Laos - Cambodia, in combination with the organization of the "
        "annual "
        "meeting between the three defence ministers and a joint exercise at the end of the year 2023.",
        "progress": [
            _progress(
                "2023-08-31", "VN", 30, "Concept note sent to the Lao and Cambodian defence ministries."
            ),
            _progress(
                "2023-11-30", "LA", 50, "Venue agreed; date still under discussion with the Cambodian side."
            ),
        ],
    },
    # 14th conference (19 March 2024).
    {
        "key": "m14-info-sharing",
        "document": "minutes-14",
        "clause": "2.1",
        "area": "information_exchange",
        "text": _t(
            en="Further materialise the existing cooperation mechanisms, especially between specialised "
            "units "
            "and border public security forces, with more attention paid to information sharing.",
            vi="Tiếp tục cụ thể hóa các cơ chế hợp tác hiện có, nhất là giữa các đơn vị nghiệp vụ và lực "
            "lượng "
            "công an biên giới, chú trọng hơn việc chia sẻ thông tin.",
            lo="ສືບຕໍ່ຜັນຂະຫຍາຍກົນໄກການຮ່ວມມືທີ່ມີຢູ່ໃຫ້ເປັນຮູບປະທຳ, ໂດຍສະເພາະລະຫວ່າງ"
            "ບັນດາກົມວິຊາສະເພາະ ແລະ ກຳລັງປ້ອງກັນຄວາມສະຫງົບຊາຍແດນ, "
            "ເອົາໃຈໃສ່ການແບ່ງປັນຂໍ້ມູນຂ່າວສານຫຼາຍຂຶ້ນ.",
            fr="Concrétiser davantage les mécanismes de coopération existants, en particulier entre les "
            "unités "
            "spécialisées et les forces de sécurité publique frontalières, en accordant plus d'attention au "
            "partage d'informations.",
        ),
        "owner_vn": "VN-MPS-DCD",
        "owner_la": "LA-MPS-DCD",
        "due": "2024-12-31",
        "status": "in_progress",
        "carried_from": "m13-mechanisms",
        "source": _S001,
        "source_quote": "They agreed to further materialise the existing cooperation mechanisms, especially "
        "those "
        "between specialised units and border public security forces, with more attention to be paid to "
        "information sharing.",
        "progress": [
            _progress(
                "2024-05-31",
                "VN",
                30,
                "Contact points named in both drug units and in the border public security forces; "
                "a first information-sharing meeting held.",
            ),
        ],
    },
    {
        "key": "m14-regional-forums",
        "document": "minutes-14",
        "clause": "3.1",
        "area": "regional_forums",
        "text": _t(
            en="Continue close coordination and mutual support at international and regional forums.",
            vi="Tiếp tục phối hợp chặt chẽ và ủng hộ lẫn nhau tại các diễn đàn quốc tế và khu vực.",
            lo="ສືບຕໍ່ປະສານງານຢ່າງໃກ້ຊິດ ແລະ ສະໜັບສະໜູນເຊິ່ງກັນ ແລະ ກັນ ຢູ່ເວທີສາກົນ ແລະ ພາກພື້ນ.",
            fr="Poursuivre une coordination étroite et un soutien mutuel au sein des forums internationaux "
            "et "
            "régionaux.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2024-12-31",
        "status": "in_progress",
        "carried_from": "m13-regional-forums",
        "source": _S001,
        "source_quote": _Q_FORUMS_14,
        "progress": [
            _progress(
                "2024-06-30",
                "LA",
                40,
                "Joint positions agreed for the regional meetings of the ASEAN Chairmanship year.",
            ),
        ],
    },
    {
        "key": "m14-asean-ct",
        "document": "minutes-14",
        "clause": "3.2",
        "area": "counter_terrorism",
        "text": _t(
            en="Promote ASEAN cooperation in preventing and combating international terrorism.",
            vi="Thúc đẩy hợp tác ASEAN trong phòng, chống khủng bố quốc tế.",
            lo="ຊຸກຍູ້ການຮ່ວມມືອາຊຽນ ໃນການປ້ອງກັນ ແລະ ຕ້ານການກໍ່ການຮ້າຍສາກົນ.",
            fr="Promouvoir la coopération de l'ASEAN dans la prévention et la lutte contre le terrorisme "
            "international.",
        ),
        "owner_vn": "VN-MPS-CT",
        "owner_la": "LA-MPS-CT",
        "due": "2024-12-31",
        "status": "planned",
        "carried_from": "m13-asean-ct",
        "source": _S001,
        "source_quote": _Q_FORUMS_14,
        "progress": [],
    },
    {
        "key": "m14-asean-2024-events",
        "document": "minutes-14",
        "clause": "4.1",
        "area": "event_security",
        "text": _t(
            en="Coordinate to ensure security for the events and conferences of the 2024 ASEAN Year, when "
            "Laos "
            "holds the Chairmanship, and for major events in both countries.",
            vi="Phối hợp bảo đảm an ninh cho các sự kiện, hội nghị trong Năm ASEAN 2024 khi Lào giữ cương vị "
            "Chủ tịch, cùng các sự kiện lớn của hai nước.",
            lo="ປະສານງານຮັບປະກັນຄວາມປອດໄພໃຫ້ແກ່ບັນດາກິດຈະກຳ ແລະ ກອງປະຊຸມໃນປີອາຊຽນ 2024 "
            "ທີ່ ສປປ ລາວ ເປັນປະທານ, ພ້ອມທັງບັນດາກິດຈະກຳໃຫຍ່ຂອງສອງປະເທດ.",
            fr="Se coordonner pour assurer la sécurité des événements et conférences de l'Année de l'ASEAN "
            "2024, sous présidence laotienne, ainsi que des grands événements des deux pays.",
        ),
        "owner_vn": "VN-MPS-ICD",
        "owner_la": "LA-MPS-ICD",
        "due": "2024-10-11",
        "status": "in_progress",
        "carried_from": None,
        "source": _S001,
        "source_quote": "The public security forces of the two countries will firstly coordinate to ensure "
        "security for events and conferences within the 2024 ASEAN Year when Laos holds the Chairmanship, "
        "along with major events in both nations in the time to come.",
        "progress": [
            _progress("2024-04-30", "LA", 20, "Contact officers for the summit venues exchanged."),
            _progress(
                "2024-07-31",
                "VN",
                50,
                "Joint security coordination plan for the summits drafted; "
                "Vietnamese advance team scheduled.",
            ),
        ],
    },
]
