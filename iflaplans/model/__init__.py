"""The records of the data contract: one dataclass per table row, the tables' schema and
the closed list of status event types."""
