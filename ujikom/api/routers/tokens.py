"""One's own personal API tokens."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from ujikom.core.models import ApiToken
from ujikom.core.tokens import create_token, revoke_token

from ..auth import caller
from ..errors import service_errors
from ..schemas import Message, TokenCreate, TokenCreated, TokenOut, ValidationErrors

router = Router(tags=["Token API"])


@router.get("/tokens", response={200: list[TokenOut], 401: Message}, summary="Token API saya")
@paginate(PageNumberPagination, page_size=50)
def token_list(request: HttpRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=caller(request)).order_by("-created_at", "-pk")


@router.post(
    "/tokens", response={201: TokenCreated, 401: Message, 422: ValidationErrors}, summary="Buat token API"
)
def token_create(request: HttpRequest, payload: TokenCreate) -> Status[ApiToken]:
    """Create a token; its secret is in this response only and cannot be shown again."""
    with service_errors():
        token, secret = create_token(user=caller(request), name=payload.name, expires_at=payload.expires_at)
    token.secret = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete(
    "/tokens/{prefix}", response={204: None, 401: Message, 404: Message}, summary="Cabut token API"
)
def token_revoke(request: HttpRequest, prefix: str) -> Status[None]:
    """Revoke one of one's tokens; requests carrying it are refused from now on."""
    user = caller(request)
    token = ApiToken.objects.filter(user=user, prefix=prefix).first()
    if token is None:
        raise Http404(_("Token tidak ditemukan."))
    revoke_token(token=token, actor=user)
    return Status(204, None)
