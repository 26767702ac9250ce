"""Public Open Badges documents (hosted verification), images, and the page a person reads.

JSON documents answer ``application/ld+json``, or ``application/json`` when the client accepts only
that. Every document and image may be fetched from other origins (backpacks, verifiers), so they
carry ``Access-Control-Allow-Origin: *``; images carry a sandboxing CSP so that an SVG opened
directly can never run as a document.
"""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import baking, documents, images, links, selectors
from ..models import Validity
from ..services import status_list_refresh

LD_JSON = "application/ld+json"
JSON = "application/json"
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _media_type(request) -> str:
    accepted = {part.split(";")[0].strip().lower() for part in request.headers.get("Accept", "").split(",")}
    if JSON in accepted and not accepted & {LD_JSON, "*/*", "application/*"}:
        return JSON
    return LD_JSON


def _public(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def json_document(request, document: dict, *, status: int = 200) -> JsonResponse:
    """Return ``document`` as JSON-LD (or JSON), readable from any origin."""
    response = JsonResponse(
        document, status=status, content_type=_media_type(request), json_dumps_params={"ensure_ascii": False}
    )
    response["Vary"] = "Accept"
    return _public(response)


def image_response(data: bytes, kind: str, *, filename: str, download: bool = False) -> HttpResponse:
    """Return an image with its strict content type and a CSP that forbids any active content."""
    response = HttpResponse(data, content_type=images.CONTENT_TYPES[kind])
    response["Content-Security-Policy"] = IMAGE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{kind}"'
    return _public(response)


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _revoked(request, assertion):
    body = documents.ob2.revoked_assertion_body(
        assertion_id=links.assertion_url(assertion.uuid), reason=assertion.revocation_reason or None
    )
    return json_document(request, body, status=410)


def _issuer_or_404(pk: int):
    issuer = selectors.issuer_public(pk=pk)
    if issuer is None:
        raise Http404
    return issuer


def _assertion_or_404(uuid):
    assertion = selectors.assertion_public(uuid=uuid)
    if assertion is None:
        raise Http404
    return assertion


@require_GET
def issuer_json(request, pk: int):
    return json_document(request, documents.issuer_document(_issuer_or_404(pk)))


@require_GET
def issuer_profile(request, pk: int):
    issuer = _issuer_or_404(pk)
    return json_document(request, documents.profile_document(issuer, selectors.issuer_keys(issuer=issuer)))


@require_GET
def issuer_key(request, pk: int, key_id: str):
    issuer = _issuer_or_404(pk)
    key = next((key for key in selectors.issuer_keys(issuer=issuer) if key.public_key_multibase == key_id), None)
    if key is None:
        raise Http404
    return json_document(request, documents.key_document(issuer, key))


@require_GET
def issuer_revocations(request, pk: int):
    issuer = _issuer_or_404(pk)
    return json_document(
        request, documents.revocation_list_document(issuer, selectors.revoked_assertions(issuer=issuer))
    )


@require_GET
def issuer_status_list(request, pk: int):
    issuer = _issuer_or_404(pk)
    document = issuer.status_list_credential
    if document is None:
        if not selectors.issuer_keys(issuer=issuer):
            raise Http404
        # Built once, on first request; every revocation rebuilds it.
        document = status_list_refresh(issuer=issuer)
    return json_document(request, document)


@require_GET
def issuer_image(request, pk: int):
    issuer = _issuer_or_404(pk)
    if not issuer.image:
        raise Http404
    data = _read(issuer.image)
    kind = images.sniff(data)
    if kind is None:
        raise Http404
    return image_response(data, kind, filename=f"emetteur-{issuer.pk}")


@require_GET
def class_json(request, pk: int):
    badge_class = selectors.badge_class_public(pk=pk)
    if badge_class is None:
        raise Http404
    tags = sorted(tag.name for tag in badge_class.tags.all())
    return json_document(request, documents.badge_class_document(badge_class, tags=tags))


@require_GET
def class_image(request, pk: int, kind: str):
    badge_class = selectors.badge_class_public(pk=pk)
    if badge_class is None or badge_class.image_kind != kind:
        raise Http404
    return image_response(_read(badge_class.image), kind, filename=f"badge-{badge_class.pk}")


@require_GET
def assertion_json(request, uuid):
    assertion = _assertion_or_404(uuid)
    if assertion.is_revoked:
        return _revoked(request, assertion)
    return json_document(request, documents.assertion_document(assertion))


@require_GET
def assertion_credential(request, uuid):
    assertion = _assertion_or_404(uuid)
    if assertion.is_revoked:
        return _revoked(request, assertion)
    if not assertion.credential:
        raise Http404
    response = json_document(request, assertion.credential)
    if request.GET.get("telecharger"):
        response["Content-Disposition"] = f'attachment; filename="badge-{assertion.uuid}.json"'
    return response


@require_GET
def assertion_image(request, uuid, kind: str):
    assertion = _assertion_or_404(uuid)
    if assertion.is_revoked:
        return _revoked(request, assertion)
    badge_class = assertion.badge_class
    source = _read(badge_class.image)
    text = json.dumps(documents.assertion_document(assertion), ensure_ascii=False)
    if kind == images.PNG:
        if badge_class.image_kind != images.PNG:
            raise Http404
        data = baking.bake_png(source, text)
        if assertion.credential:
            data = baking.bake_png(
                data, json.dumps(assertion.credential, ensure_ascii=False), keyword=baking.OB3_PNG_KEYWORD
            )
    elif kind == images.SVG:
        if badge_class.image_kind == images.PNG:
            source = images.svg_wrapping_png(source, title=badge_class.name)
        data = baking.bake_svg(source, text=text, verify=links.assertion_url(assertion.uuid))
    else:
        raise Http404
    return image_response(data, kind, filename=f"badge-{assertion.uuid}", download=bool(request.GET.get("telecharger")))


@require_GET
def assertion_page(request, uuid):
    assertion = _assertion_or_404(uuid)
    badge_class = assertion.badge_class
    evidence = documents.evidence_items(assertion)
    context = {
        "assertion": assertion,
        "badge_class": badge_class,
        "issuer": assertion.issuer,
        "validity": assertion.validity(),
        "Validity": Validity,
        "alignments": documents.alignments(badge_class),
        "evidence": [(links.EVIDENCE_ANCHOR % {"number": n}, item) for n, item in enumerate(evidence, start=1)],
        "tags": sorted(badge_class.tags.names()),
        "public_url": links.assertion_page_url(assertion.uuid),
        "json_url": links.assertion_url(assertion.uuid),
        "is_recipient": request.user.is_authenticated and request.user.pk == assertion.recipient_id,
    }
    return render(request, "badges/assertion_page.html", context)
