"""The hotline's actions (`check_*` validate and act, `do_*` act, `receive_*` apply envelopes)."""

from .alerts import (
    check_acknowledge,
    check_raise_alert,
    check_resolve,
    counterparts,
    receive_acknowledged,
    receive_alert,
    receive_delivered,
    receive_resolved,
)
from .escalation import fire_due_steps, fire_step, plan_steps, receive_escalated
from .notify import do_send_notification, on_duty
from .setup import (
    check_add_duty_shift,
    check_set_ack_deadline,
    check_set_escalation_chain,
    check_set_unit_contacts,
)

__all__ = [
    "check_acknowledge",
    "check_add_duty_shift",
    "check_raise_alert",
    "check_resolve",
    "check_set_ack_deadline",
    "check_set_escalation_chain",
    "check_set_unit_contacts",
    "counterparts",
    "do_send_notification",
    "fire_due_steps",
    "fire_step",
    "on_duty",
    "plan_steps",
    "receive_acknowledged",
    "receive_alert",
    "receive_delivered",
    "receive_escalated",
    "receive_resolved",
]
