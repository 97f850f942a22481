import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procure.catalog.search import search


class Command(BaseCommand):
    help = "품목을 검색합니다 (docs/formats.md §4). --batch FILE 은 한 줄에 한 검색어씩 처리합니다."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default=None)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--batch", help="검색어 파일 (한 줄에 하나)")

    def handle(self, *args, query=None, limit=10, json=False, batch=None, **options):
        if limit < 1:
            raise CommandError("--limit 은 1 이상이어야 합니다.")
        if batch:
            path = Path(batch)
            if not path.is_file():
                raise CommandError(f"파일을 찾을 수 없습니다: {batch}")
            queries = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
        elif query:
            queries = [query]
        else:
            raise CommandError("검색어나 --batch 파일을 주세요.")
        for text in queries:
            hits = search(text, limit=limit)
            document = {
                "query": text,
                "results": [
                    {
                        "id": h.offering_id,
                        "name": h.name,
                        "enterprise": h.enterprise,
                        "score": h.score,
                    }
                    for h in hits
                ],
            }
            if json or batch:
                self.stdout.write(_dumps(document))
            else:
                for rank, h in enumerate(hits, start=1):
                    self.stdout.write(f"{rank:>2}. {h.name} — {h.enterprise} ({h.score})")


def _dumps(document) -> str:
    return json.dumps(document, ensure_ascii=False)
