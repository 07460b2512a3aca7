"""Platform services' pages and commands: the job queue (/jobs, `portcullis worker`), the email outbox
(/outbox) and the local card-payment page (/payments/local/{id}). The machinery itself lives in
`portcullis.core.jobs`, `core.worker`, `core.notify` and `core.payments`, so every domain can use it."""

from portcullis.web import navigation

navigation.add("Jobs", "/jobs", "admin.jobs", "Background jobs: progress, failures and retries.")
navigation.add("Outbox", "/outbox", "admin.outbox", "Emails the service has written, and their delivery.")
