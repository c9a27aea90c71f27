"""The registry as an HTTPS service (`ugyfelkapu-registry serve --config FILE`).

It keeps the registry (its database, its secret key, Argon2 and SMTP) to itself and offers the
contract's operations (`desktop.registration.protocols.RegistrationService`) over HTTPS, one
endpoint each. Kiosks prove who they are with client certificates issued by the operator's CA;
a request without one is the public (home) role, or refused when the config requires one.

`settings` reads the service's config, `tls` builds the TLS context and tells who is on the
other end, `app` is the ASGI application, `problems` maps errors to RFC 9457 problem details,
`limits` the per-client and total rate limits, `idempotency` the replay store for register and
activate, `cli` the command. The client side is `desktop.registry_client`, which knows none of
this package.
"""
