import hashlib

from django.conf import settings
from django.db import models


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A finance system's key to push ledger lines for one institution. Only its hash is kept; staff see the
    token once, when they issue it. Revocation takes effect on the next request."""

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name="기관", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("이름", max_length=100, help_text="예: 재무회계시스템 연동")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("앞자리", max_length=8)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("발급 일시", auto_now_add=True)
    last_used_at = models.DateTimeField("마지막 사용", null=True, blank=True)
    revoked_at = models.DateTimeField("폐기 일시", null=True, blank=True)

    class Meta:
        verbose_name = "API 토큰"
        verbose_name_plural = "API 토큰"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.institution} {self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
