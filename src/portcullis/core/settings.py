"""Settings from the environment (PORTCULLIS_* variables, and DATABASE_URL)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "dev-only-change-me"  # noqa: S105 - the known default that production refuses
PROJECT_ROOT = Path(__file__).resolve().parents[3]


class ConfigurationError(RuntimeError):
    """A setting is missing or unsafe; the message says which and what to do."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTCULLIS_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    secret_key: str = DEFAULT_SECRET
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'portcullis.db'}",
        validation_alias=AliasChoices("PORTCULLIS_DATABASE_URL", "DATABASE_URL"),
    )
    var_dir: Path = PROJECT_ROOT / "var"
    assets_dir: Path = PROJECT_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
    notify_backend: Literal["outbox", "govuk-notify"] = "outbox"
    notify_api_key: str | None = None
    notify_template_ids: dict[str, str] = Field(default_factory=dict)  # template name -> Notify template id
    embedded_worker: bool = True  # run jobs in a thread of the web process; default: only in development
    payments_backend: Literal["local", "govuk-pay"] = "local"
    govuk_pay_url: str = "https://publicapi.payments.service.gov.uk"
    govuk_pay_api_key: str | None = None
    base_url: str = "http://127.0.0.1:8000"
    session_max_age_seconds: int = 8 * 60 * 60
    log_level: str = "INFO"
    # Shared counters (carrier rate limits) for every worker process; unset: each process counts alone.
    redis_url: str | None = None

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if "embedded_worker" not in self.model_fields_set:
            self.embedded_worker = self.environment == "development"
        if self.environment == "production":
            if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
                raise ConfigurationError(
                    "PORTCULLIS_SECRET_KEY is the default or shorter than 32 characters: "
                    "set a long random secret before starting in production mode."
                )
            if self.database_url.startswith("sqlite"):
                raise ConfigurationError(
                    "Production mode needs PostgreSQL: set DATABASE_URL to a postgresql:// address."
                )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def secure_cookies(self) -> bool:
        return self.environment == "production"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
