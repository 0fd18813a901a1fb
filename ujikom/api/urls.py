"""The REST API under /api/v1/; OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.

Calls authenticate with a personal token (`Authorization: Bearer ujk_…`, created on the
profile page) or, from the browser, with the signed-in session and its CSRF token.
"""

from ninja import NinjaAPI

from .auth import API_AUTH
from .errors import register_error_handlers
from .routers import (
    assessment_decision,
    assessment_minutes,
    assessment_testday,
    certificates_badges,
    certificates_issuance,
    certificates_lifecycle,
    certificates_verification,
    core,
    productivity_analysis,
    productivity_cases,
    productivity_companies,
    registry_schemes,
    registry_sites,
    registry_training,
    reports_compliance,
    reports_dashboard,
    reports_period,
    reports_registers,
    runs,
    scheduling_assignments,
    scheduling_events,
    scheduling_readiness,
    scheduling_registration,
    sop,
    tokens,
)

api = NinjaAPI(
    title="Ujikom API",
    version="1",
    description="API sistem informasi uji kompetensi dan sertifikasi kompetensi.",
    urls_namespace="api",
    docs_url="/docs",
    auth=API_AUTH,
)
register_error_handlers(api)
api.add_router("", core.router)
api.add_router("", tokens.router)
api.add_router("", sop.router)
api.add_router("", runs.router)
api.add_router("", registry_schemes.router)
api.add_router("", registry_sites.router)
api.add_router("", registry_training.router)
api.add_router("", scheduling_assignments.router)
api.add_router("", scheduling_events.router)
api.add_router("", scheduling_readiness.router)
api.add_router("", scheduling_registration.router)
api.add_router("", assessment_testday.router)
api.add_router("", assessment_minutes.router)
api.add_router("", assessment_decision.router)
api.add_router("", certificates_lifecycle.router)  # before /certificates/{public_id}
api.add_router("", certificates_issuance.router)
api.add_router("", certificates_verification.router)
api.add_router("", certificates_badges.router)
api.add_router("", reports_period.router)
api.add_router("", reports_compliance.router)
api.add_router("", reports_dashboard.router)
api.add_router("", reports_registers.router)
api.add_router("", productivity_companies.router)
api.add_router("", productivity_cases.router)
api.add_router("", productivity_analysis.router)
