"""Preventive orders: SCPOs, interim SCPOs, DAPNs and DAPOs, Youth Diversion Orders, monitoring, breaches."""
