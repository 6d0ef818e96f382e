"""The actions of the cases app (STYLE.md rules 2-4): views, the API, federation handlers, tasks,
the demo and tests all call these."""

from .cases import (
    case_payload,
    check_add_entity,
    check_open_case,
    check_set_case_status,
    do_add_event,
    receive_case,
)
from .hits import (
    DailyFigure,
    RateLimited,
    answer_payload,
    check_ask_hit,
    daily_figures,
    queries_left,
    receive_hit_answer,
    receive_hit_query,
    require_admin,
)
from .requests import (
    check_send_request,
    check_update_request,
    deadline_for,
    do_remind_request,
    do_save_arrangement,
    receive_request,
    receive_request_update,
    record_details,
)

__all__ = [
    "DailyFigure",
    "RateLimited",
    "answer_payload",
    "case_payload",
    "check_add_entity",
    "check_ask_hit",
    "check_open_case",
    "check_send_request",
    "check_set_case_status",
    "check_update_request",
    "daily_figures",
    "deadline_for",
    "do_add_event",
    "do_remind_request",
    "do_save_arrangement",
    "queries_left",
    "receive_case",
    "receive_hit_answer",
    "receive_hit_query",
    "receive_request",
    "receive_request_update",
    "record_details",
    "require_admin",
]
