"""Pages and API over the shared records of people and organisations (core.parties)."""
