"""The closed list of status event types (the contract's)."""

EVENT_TYPES = (
    "planned",
    "postponed",
    "rescheduled",
    "cancelled",
    "ongoing",
    "completed",
    "transferred",
    "under_discussion",
    "on_hold",
    "moved_online",
    "unrecognized",
)
