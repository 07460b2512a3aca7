"""Preventive orders: SCPOs and interim SCPOs, DAPNs and DAPOs, Youth Diversion Orders, monitoring and breaches."""
