import uuid

from django.db import models

from procure.core.uploads import generated_upload_name


class CategoryQuerySet(models.QuerySet):
    def suppliable(self):
        """Categories a social economy enterprise can supply (everything but NONE)."""
        return self.filter(is_active=True).exclude(code="NONE")


class Category(models.Model):
    code = models.CharField("코드", max_length=20, unique=True)
    name = models.CharField("분류명", max_length=100)
    sort_order = models.PositiveSmallIntegerField("순서", default=0)
    is_active = models.BooleanField("사용", default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "분류"
        verbose_name_plural = "분류"
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class OfferingKind(models.TextChoices):
    GOODS = "goods", "물품"
    SERVICES = "services", "용역"


class OfferingQuerySet(models.QuerySet):
    def visible_on(self, day):
        """What buyers may see: not hidden, from an enterprise whose certification is valid on `day`."""
        from procure.enterprises.models import Enterprise

        return self.filter(is_hidden=False, enterprise__in=Enterprise.objects.valid_on(day).values("pk"))

    def with_enterprise(self):
        return self.select_related("enterprise", "category")


def spec_upload_to(instance, filename):
    return generated_upload_name(f"offerings/{instance.enterprise_id}", filename)


class Offering(models.Model):
    """A product (물품) or service (용역) an enterprise supplies."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="기업", on_delete=models.CASCADE, related_name="offerings"
    )
    name = models.CharField("품목명", max_length=200)
    kind = models.CharField("구분", max_length=10, choices=OfferingKind.choices)
    category = models.ForeignKey(Category, verbose_name="분류", on_delete=models.PROTECT, related_name="offerings")
    description = models.TextField("설명", blank=True, max_length=4000)
    unit_price = models.BigIntegerField("단가(원)", null=True, blank=True)
    unit = models.CharField("단위", max_length=20, blank=True, help_text="개, 세트, 식, 회, 명, 시간, 건, m² …")
    min_quantity = models.PositiveIntegerField("최소 주문 수량", null=True, blank=True)
    lead_time_days = models.PositiveSmallIntegerField("납기(일)", null=True, blank=True)
    delivery_area = models.CharField("납품 지역", max_length=200, blank=True)
    spec_sheet = models.FileField("규격서", upload_to=spec_upload_to, blank=True)
    photo = models.FileField("사진", upload_to=spec_upload_to, blank=True)
    photo_caption = models.CharField("사진 설명", max_length=200, blank=True, help_text="화면낭독기가 읽는 설명")
    is_hidden = models.BooleanField("숨김", default=False)
    hidden_reason = models.CharField("숨김 사유", max_length=300, blank=True)
    # Normalised text the search reads (name, category, description, enterprise); kept by services.
    search_text = models.TextField(blank=True, editable=False)
    # The analyser's terms (catalog/analysis.py), written by the task worker or the import: name, description.
    name_terms = models.TextField(blank=True, editable=False)
    body_terms = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = "품목"
        verbose_name_plural = "품목"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name", "kind"], name="offering_name_unique_per_enterprise"),
            models.CheckConstraint(
                condition=models.Q(unit_price__isnull=True) | models.Q(unit_price__gte=0),
                name="offering_price_not_negative",
            ),
        ]

    def __str__(self):
        return self.name


class SearchSynonym(models.Model):
    """Words officers use for the same thing (플래카드 = 현수막); edited by the district in the admin."""

    term = models.CharField("대표어", max_length=50, unique=True)
    variants = models.TextField("같은 뜻의 말", max_length=2000, help_text="쉼표로 구분: 플래카드, 플랭카드, 현수막")
    is_active = models.BooleanField("사용", default=True)

    class Meta:
        verbose_name = "검색 동의어"
        verbose_name_plural = "검색 동의어"
        ordering = ["term"]

    def __str__(self):
        return self.term

    def words(self) -> list[str]:
        return [self.term, *[w.strip() for w in self.variants.split(",") if w.strip()]]


class SearchNeighbor(models.Model):
    """A word that may stand for a catalog term, with how close the analyser's word vectors put them (written by
    `search_reindex` and the analysis task; a query word's neighbours share its weight, never add to it)."""

    word = models.CharField(max_length=50)
    term = models.CharField(max_length=50)
    similarity = models.FloatField()

    class Meta:
        verbose_name = "검색 유사어"
        verbose_name_plural = "검색 유사어"
        constraints = [models.UniqueConstraint(fields=["word", "term"], name="neighbor_pair_once")]

    def __str__(self):
        return f"{self.word} → {self.term}"


class SearchCategoryHint(models.Model):
    """Center staff's answer to a failing query: this word means that category (from the analytics page)."""

    word = models.CharField("검색어", max_length=50, unique=True)
    category = models.ForeignKey(Category, verbose_name="분류", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "검색어 분류 연결"
        verbose_name_plural = "검색어 분류 연결"

    def __str__(self):
        return f"{self.word} → {self.category}"


class SearchQueryLog(models.Model):
    """One search, for the center's analytics: the words, how many results, whether a result was opened. No
    person: only the role and the institution."""

    query = models.CharField("검색어", max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    results = models.PositiveIntegerField("결과 수")
    clicked = models.BooleanField("결과를 열었음", default=False)
    role = models.CharField("역할", max_length=20, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("검색 일시", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "검색 기록"
        verbose_name_plural = "검색 기록"

    def __str__(self):
        return self.query


class Shortlist(models.Model):
    """관심목록: offerings a buyer keeps, shareable with a colleague through its link."""

    owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="shortlists")
    name = models.CharField("이름", max_length=100, default="관심목록")
    share_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    offerings = models.ManyToManyField(Offering, through="ShortlistItem", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "관심목록"
        verbose_name_plural = "관심목록"

    def __str__(self):
        return f"{self.owner} {self.name}"


class ShortlistItem(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at"]
        constraints = [models.UniqueConstraint(fields=["shortlist", "offering"], name="offering_once_per_shortlist")]

    def __str__(self):
        return f"{self.shortlist_id}: {self.offering_id}"


class SearchIndexState(models.Model):
    """One row: bumped on every change to offerings, so each process rebuilds its search index in time."""

    version = models.BigIntegerField(default=0)
    token = models.CharField(max_length=12, blank=True, default="")

    def __str__(self):
        return f"search index version {self.version}"


class ThesaurusEntry(models.Model):
    """A reviewed synonym of the procurement thesaurus, added by center staff from the search analytics page ("이
    검색에 맞는 품목"): the words of a failing search mean the words of the offering staff chose. The curated part
    of the thesaurus is a data file with its sources (catalog/data/thesaurus.tsv); these rows are the district's."""

    word = models.CharField("검색어", max_length=50)
    means = models.CharField("뜻하는 말", max_length=200, help_text="품목 이름의 낱말(띄어쓰기로 구분)")
    offering = models.ForeignKey(
        Offering, verbose_name="맞는 품목", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField("출처", max_length=100, default="검색어 분석(센터 검토)")
    reviewed_by = models.ForeignKey(
        "accounts.User", verbose_name="검토자", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField("사용", default=True)
    created_at = models.DateTimeField("넣은 일시", auto_now_add=True)

    class Meta:
        verbose_name = "검색 시소러스 항목"
        verbose_name_plural = "검색 시소러스 항목"
        ordering = ["word"]
        constraints = [models.UniqueConstraint(fields=["word", "means"], name="thesaurus_entry_once")]

    def __str__(self):
        return f"{self.word} → {self.means}"
