"""The API's documentation page (/api/docs) in the site's own KRDS layout, drawn on the server from the OpenAPI
schema (issue 28 §4): Swagger UI's page had no `lang`, low contrast and buttons inside buttons. The schema itself
stays at /api/openapi.json for tools."""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


def _type_of(schema: dict) -> str:
    if not schema:
        return ""
    if "anyOf" in schema:
        return " 또는 ".join(t for t in (_type_of(s) for s in schema["anyOf"]) if t and t != "null")
    kind = schema.get("type", "")
    names = {"string": "문자열", "integer": "정수", "number": "숫자", "boolean": "참/거짓", "array": "목록"}
    label = names.get(kind, kind)
    if schema.get("format") == "date":
        label = "날짜 (YYYY-MM-DD)"
    low = f"{schema['minimum']} 이상" if "minimum" in schema else ""
    high = f"{schema['maximum']} 이하" if "maximum" in schema else ""
    return " ".join(p for p in (label, low, high) if p)


def operations(schema: dict) -> list[dict]:
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method in METHOD_ORDER:
            operation = methods.get(method)
            if not operation:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": {"query": "조건", "path": "경로"}.get(p.get("in"), p.get("in")),
                            "required": p.get("required", False),
                            "type": _type_of(p.get("schema", {})),
                            "description": p.get("description") or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": "requestBody" in operation,
                    "token": bool(operation.get("security")),
                    "responses": [
                        (code, answer.get("description", "")) for code, answer in operation.get("responses", {}).items()
                    ],
                }
            )
    return found


class KrdsDocs(DocsBase):
    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "api/docs.html",
            {
                "info": schema.get("info", {}),
                "operations": operations(schema),
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )
