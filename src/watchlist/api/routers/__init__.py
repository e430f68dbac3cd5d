"""One router per resource: screening, registry, workflow, audit, admin, yente compatibility."""
