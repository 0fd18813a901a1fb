"""The REST API under /api/v1/; OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Ujikom API",
    version="1",
    description="API sistem informasi uji kompetensi dan sertifikasi kompetensi.",
    urls_namespace="api",
    docs_url="/docs",
)
