"""Web commands: `serve` starts the web app; `users` manages who can log in."""

from __future__ import annotations

import os
import secrets
import sys
import threading
from typing import Annotated

import typer

from clientfit.cli import app, console
from clientfit.cli.lazy import lazy_function
from clientfit.cli.options import DbOption
from clientfit.errors import ClientfitError

open_store = lazy_function("clientfit.store", "open_store")

users_app = typer.Typer(help="People who log in to the web app and the API.",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")

DEMO_USER, DEMO_PASSWORD = "demo", "clientfit-demo"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = None,
    demo_login: Annotated[bool, typer.Option(
        "--demo-login", help=f"Create the admin user {DEMO_USER!r} (password "
                             f"{DEMO_PASSWORD!r}) if it does not exist, and print it.")] = False,
    window: Annotated[str, typer.Option(help="Assessment window: 12m, 90d, 2y.")] = "12m",
    secure_cookies: Annotated[bool, typer.Option(
        "--secure-cookies", envvar="CLIENTFIT_SECURE_COOKIES",
        help="Behind HTTPS: the session cookie is Secure and every response carries HSTS "
             "(also CLIENTFIT_SECURE_COOKIES=1).")] = False,
) -> None:
    """Serve the web app (pages, JSON twins, REST API under /api) with uvicorn.

    Sessions are signed with $CLIENTFIT_SECRET_KEY (a random key per start if unset: everyone
    logs in again after a restart)."""
    import uvicorn

    from clientfit.web import Settings, create_app
    from clientfit.web.auth import create_user, list_users

    store = open_store(db)
    if demo_login:
        if not any(u["username"] == DEMO_USER for u in list_users(store)):
            create_user(store, DEMO_USER, DEMO_PASSWORD, role="admin", display_name="Demo admin")
        console.print(f"Demo login: {DEMO_USER} / {DEMO_PASSWORD}")
    elif not list_users(store):
        console.print("No users yet: add one with `clientfit users add NAME --role admin`.")
    secret = os.environ.get("CLIENTFIT_SECRET_KEY") or secrets.token_urlsafe(32)
    application = create_app(store, Settings(secret_key=secret, window=window,
                                              secure_cookies=secure_cookies))
    # assess while uvicorn starts, so the first page does not wait for the signals
    threading.Thread(target=application.state.web.run, daemon=True).start()
    console.print(f"clientfit is serving {store.engine.url!r} at http://{host}:{port}/ "
                  "(Ctrl+C to stop)", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="admin (everything) or manager (own clients).")]
    = "manager",
    staff: Annotated[str | None, typer.Option(
        help="Staff id whose clients a manager sees (clients.owner_staff_id).")] = None,
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    locale: Annotated[str, typer.Option(help="UI language: en or pl.")] = "en",
    password: Annotated[str | None, typer.Option(
        envvar="CLIENTFIT_PASSWORD",
        help="Password (default: asked for; or $CLIENTFIT_PASSWORD).")] = None,
    db: DbOption = None,
) -> None:
    """Add a user who can log in to the web app (password hashed with argon2id)."""
    from clientfit.web.auth import create_user

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = open_store(db)
    create_user(store, username, password, role=role, staff_id=staff, locale=locale,
                display_name=name)
    console.print(f"Added {role} {username!r}" + (f" (staff {staff})" if staff else "") + ".")


@users_app.command("grant")
def users_grant(
    username: Annotated[str, typer.Argument(help="Login name.")],
    staff: Annotated[str | None, typer.Option(help="Also see every client of this staff id.")]
    = None,
    client: Annotated[str | None, typer.Option(help="Also see this client.")] = None,
    db: DbOption = None,
) -> None:
    """Let a manager see more than their own clients."""
    from clientfit.web.auth import grant

    if not staff and not client:
        raise ClientfitError("give --staff or --client")
    store = open_store(db)
    if staff:
        grant(store, username, "staff", staff)
    if client:
        grant(store, username, "client", client)
    console.print(f"Granted {username!r}: " + ", ".join(
        f"{kind} {value}" for kind, value in (("staff", staff), ("client", client)) if value))


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument(help="Login name.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "api",
    days: Annotated[int, typer.Option(help="Valid for this many days (0: no expiry).")] = 90,
    db: DbOption = None,
) -> None:
    """Create an API bearer token for a user; it is shown once and stored only as a hash."""
    from clientfit.web.auth import create_token

    token = create_token(open_store(db), username, label=label, days=days or None)
    print(token)


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List the users, tab-separated: name, role, staff id, language, and `disabled` for
    disabled users (never password hashes)."""
    from clientfit.web.auth import list_users

    for user in list_users(open_store(db)):
        print(f"{user['username']}\t{user['role']}\t{user['staff_id'] or '-'}\t{user['locale']}"
              + ("\tdisabled" if user["disabled_at"] else ""))


@users_app.command("disable")
def users_disable(username: Annotated[str, typer.Argument(help="Login name.")],
                  db: DbOption = None) -> None:
    """Stop a user from logging in; their open sessions and API tokens stop working too."""
    from clientfit.web.auth import set_disabled

    set_disabled(open_store(db), username, True)
    console.print(f"Disabled {username!r}.")


@users_app.command("enable")
def users_enable(username: Annotated[str, typer.Argument(help="Login name.")],
                 db: DbOption = None) -> None:
    """Let a disabled user log in again (their unexpired API tokens work again too)."""
    from clientfit.web.auth import set_disabled

    set_disabled(open_store(db), username, False)
    console.print(f"Enabled {username!r}.")


@users_app.command("set-password")
def users_set_password(
    username: Annotated[str, typer.Argument(help="Login name.")],
    stdin: Annotated[bool, typer.Option(
        "--stdin", help="Read the password from the first line of standard input (for "
                        "scripts) instead of asking; never give it as an argument.")] = False,
    db: DbOption = None,
) -> None:
    """Set a user's password: asked for twice (hidden), or read from standard input."""
    from clientfit.web.auth import set_password

    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ClientfitError("no password on standard input")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    set_password(open_store(db), username, password)
    console.print(f"Password of {username!r} changed.")


@users_app.command("revoke")
def users_revoke(
    username: Annotated[str, typer.Argument(help="Login name.")],
    staff: Annotated[str | None, typer.Option(help="No longer see this staff id's clients.")]
    = None,
    client: Annotated[str | None, typer.Option(help="No longer see this client.")] = None,
    db: DbOption = None,
) -> None:
    """Take back what `users grant` gave."""
    from clientfit.web.auth import revoke_grant

    if not staff and not client:
        raise ClientfitError("give --staff or --client")
    store = open_store(db)
    for kind, value in (("staff", staff), ("client", client)):
        if value:
            found = revoke_grant(store, username, kind, value)
            console.print(f"Revoked {kind} {value} from {username!r}." if found
                          else f"{username!r} had no grant {kind} {value}.")
