"""Returns and organised immigration crime: removal casework, charter flights, official statistics,
smuggling networks and disruptions, and international partnerships."""
