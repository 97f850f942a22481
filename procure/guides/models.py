"""공공구매 절차 안내: pages center staff write in Markdown, with downloadable forms (서식)."""

from django.conf import settings
from django.db import models

from procure.core.uploads import generated_upload_name


class Guide(models.Model):
    slug = models.SlugField("주소 이름", max_length=60, unique=True, help_text="영문·숫자·하이픈 (예: procedure)")
    title = models.CharField("제목", max_length=200)
    summary = models.CharField("요약", max_length=300, blank=True)
    body = models.TextField("본문 (마크다운)", max_length=40000, help_text="## 제목, - 목록, **굵게**, [링크](주소)")
    order = models.PositiveSmallIntegerField("순서", default=0)
    is_published = models.BooleanField("공개", default=True)
    updated_at = models.DateTimeField("수정 일시", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "공공구매 안내"
        verbose_name_plural = "공공구매 안내"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


def guide_file_upload_to(instance, filename):
    return generated_upload_name("guides", filename)


class GuideFile(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="files")
    title = models.CharField("서식 이름", max_length=200)
    file = models.FileField("파일", upload_to=guide_file_upload_to)
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "서식"
        verbose_name_plural = "서식"
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title
