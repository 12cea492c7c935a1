"""A Litestar app whose OpenAPI 3.1 document gatewright must convert.

Models are msgspec Structs (Litestar's native kind): Optional, Literal, gt/lt bounds,
examples, a nested struct, an enum and a list. Litestar has no per-operation dict of
extensions; its documented hook is `operation_class`: a subclass of `Operation` with a
dataclass field whose metadata `alias` is the extension's name.
"""

from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any, Dict, List, Literal, Optional

import msgspec
from litestar import Litestar, delete, get, post, put
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Example, Operation
from litestar.params import Parameter

from integrations import http_proxy, lambda_proxy

KEY = "x-amazon-apigateway-integration"


def operation(extension):
    """An Operation class that writes `extension` as x-amazon-apigateway-integration."""

    @dataclass
    class WithIntegration(Operation):
        integration: Optional[Dict[str, Any]] = field(default=None, metadata={"alias": KEY})

        def __post_init__(self):
            self.integration = extension[KEY]

    return WithIntegration


class Status(str, Enum):
    available = "available"
    sold = "sold"


class Address(msgspec.Struct):
    street: Annotated[str, msgspec.Meta(min_length=1, examples=["1 Main St"])]
    zip: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{5}$")]


class PetIn(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["Rex"])]
    weight: Annotated[float, msgspec.Meta(gt=0, le=100)]
    kind: Literal["dog"] = "dog"
    status: Status = Status.available
    age: Optional[Annotated[int, msgspec.Meta(gt=0, lt=50)]] = None
    tags: List[str] = []
    address: Optional[Address] = None
    nickname: Optional[str] = None


class Pet(PetIn, kw_only=True):
    id: Annotated[int, msgspec.Meta(ge=1)]


@get("/pets", operation_class=operation(http_proxy("GET", "/pets")))
async def list_pets(
    limit: Annotated[int, Parameter(gt=0, lt=101, examples=[Example(value=10)])] = 10,
    status: Optional[Status] = None,
) -> List[Pet]:
    return []


@post("/pets", operation_class=operation(http_proxy("POST", "/pets")))
async def create_pet(data: PetIn) -> Pet:
    return Pet(id=1, **msgspec.structs.asdict(data))


@get("/pets/{pet_id:int}", operation_class=operation(lambda_proxy()))
async def get_pet(pet_id: int) -> Pet:
    raise NotImplementedError


@put("/pets/{pet_id:int}", operation_class=operation(lambda_proxy()))
async def update_pet(pet_id: int, data: PetIn) -> Pet:
    return Pet(id=pet_id, **msgspec.structs.asdict(data))


@delete("/pets/{pet_id:int}", operation_class=operation(lambda_proxy()))
async def delete_pet(pet_id: int) -> None:
    return None


app = Litestar(
    route_handlers=[list_pets, create_pet, get_pet, update_pet, delete_pet],
    openapi_config=OpenAPIConfig(title="pets-litestar", version="1.0.0"),
)


def openapi():
    """The document Litestar serves at /schema/openapi.json."""
    return app.openapi_schema.to_schema()
