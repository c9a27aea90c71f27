"""The registration service's client: the registry contract over HTTPS (`[registry] url`).

It knows the service only by its API (import-linter keeps the backend and the service's code
out of it). `client.RemoteRegistry` implements `RegistrationService` and `MailQueue`; `errors`
holds the faults only a network can have.
"""
