"""The one gate every view passes through.

Each app's ``permissions.py`` holds its rules (predicates on the user); views declare theirs with
``@access(rule)``. The declared rule stays on the view function (``view.access_rule``) so the
access-matrix test can find any view that forgot to declare one.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.utils.cache import add_never_cache_headers


def public(user) -> bool:
    """Anyone, signed in or not."""
    return True


public.is_public = True


def signed_in(user) -> bool:
    return user.is_authenticated


def access(rule):
    """Wrap a view: anonymous visitors go to the login page, signed-in users without the rule get 403."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not getattr(rule, "is_public", False):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not request.user.is_active or not rule(request.user):
                    raise PermissionDenied(getattr(rule, "denied_message", ""))
                return _not_stored_if_download(view(request, *args, **kwargs))
            return view(request, *args, **kwargs)

        guarded.access_rule = rule
        return guarded

    return decorator


def _not_stored_if_download(response):
    """A file or export from a view behind sign-in is never kept by a browser or a proxy cache (issue 26 §8)."""
    if response.has_header("Content-Disposition") or isinstance(response, FileResponse):
        add_never_cache_headers(response)
    return response


def safe_next(request, *, default: str) -> str:
    """The `next` address a form posted, if it stays on this site; otherwise `default` (no open redirect)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
