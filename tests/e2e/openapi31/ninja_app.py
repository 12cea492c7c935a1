"""A Django Ninja app whose OpenAPI 3.1 document gatewright must convert.

Ninja's schemas are pydantic v2 models, so Optional, Literal, gt/lt and examples come out as
pydantic writes them. The integration is added with Ninja's per-operation hook,
`openapi_extra` on the operation decorator. Django is configured in memory, without a project.
"""

from enum import Enum
from typing import List, Literal, Optional

import django
from django.conf import settings

if not settings.configured:
    settings.configure(DEBUG=False, ROOT_URLCONF=__name__, SECRET_KEY="openapi31-e2e", ALLOWED_HOSTS=["*"])
    django.setup()

from ninja import Field, NinjaAPI, Query, Schema  # noqa: E402

from integrations import http_proxy, lambda_proxy  # noqa: E402


class Status(str, Enum):
    available = "available"
    sold = "sold"


class Address(Schema):
    street: str = Field(min_length=1, examples=["1 Main St"])
    zip: str = Field(pattern=r"^[0-9]{5}$")


class PetIn(Schema):
    name: str = Field(min_length=1, max_length=64, examples=["Rex"])
    kind: Literal["dog"] = "dog"
    status: Status = Status.available
    age: Optional[int] = Field(default=None, gt=0, lt=50)
    weight: float = Field(gt=0, le=100, examples=[12.5])
    tags: List[str] = []
    address: Optional[Address] = None
    nickname: Optional[str] = None


class Pet(PetIn):
    id: int = Field(ge=1)


class Filters(Schema):
    limit: int = Field(10, gt=0, lt=101)
    status: Optional[Status] = None


api = NinjaAPI(title="pets-ninja", version="1.0.0")


@api.get("/pets", response=List[Pet], openapi_extra=http_proxy("GET", "/pets"))
def list_pets(request, filters: Query[Filters]):
    return []


@api.post("/pets", response={201: Pet}, openapi_extra=http_proxy("POST", "/pets"))
def create_pet(request, pet: PetIn):
    return 201, Pet(id=1, **pet.dict())


@api.get("/pets/{pet_id}", response=Pet, openapi_extra=lambda_proxy())
def get_pet(request, pet_id: int):
    return None


@api.put("/pets/{pet_id}", response=Pet, openapi_extra=lambda_proxy())
def update_pet(request, pet_id: int, pet: PetIn):
    return Pet(id=pet_id, **pet.dict())


@api.delete("/pets/{pet_id}", response={204: None}, openapi_extra=lambda_proxy())
def delete_pet(request, pet_id: int):
    return 204, None


urlpatterns = [django.urls.path("api/", api.urls)]


def openapi():
    """The document Ninja serves at /api/openapi.json."""
    return api.get_openapi_schema(path_prefix="")
