"""A Powertools for AWS Lambda (Python) app whose OpenAPI 3.1 document gatewright must convert.

The event handler with `enable_validation=True` generates the document from pydantic v2 models
and annotations. The integration is added with Powertools' per-operation hook,
`openapi_extensions` on the route decorator.
"""

import json
from enum import Enum
from typing import List, Literal, Optional

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, Field
from typing_extensions import Annotated

from integrations import http_proxy, lambda_proxy


class Status(str, Enum):
    available = "available"
    sold = "sold"


class Address(BaseModel):
    street: str = Field(min_length=1, examples=["1 Main St"])
    zip: str = Field(pattern=r"^[0-9]{5}$")


class PetIn(BaseModel):
    name: str = Field(min_length=1, max_length=64, examples=["Rex"])
    kind: Literal["dog"] = "dog"
    status: Status = Status.available
    age: Optional[int] = Field(default=None, gt=0, lt=50)
    weight: float = Field(gt=0, le=100, examples=[12.5])
    tags: List[str] = Field(default_factory=list)
    address: Optional[Address] = None
    nickname: Optional[str] = None


class Pet(PetIn):
    id: int = Field(ge=1)


app = APIGatewayHttpResolver(enable_validation=True)


@app.get("/pets", openapi_extensions=http_proxy("GET", "/pets"))
def list_pets(
    limit: Annotated[int, Query(gt=0, lt=101)] = 10,
    status: Annotated[Optional[Status], Query()] = None,
) -> List[Pet]:
    return []


@app.post("/pets", openapi_extensions=http_proxy("POST", "/pets"))
def create_pet(pet: PetIn) -> Pet:
    return Pet(id=1, **pet.model_dump())


@app.get("/pets/<pet_id>", openapi_extensions=lambda_proxy())
def get_pet(pet_id: Annotated[int, Path(ge=1)]) -> Pet:
    raise NotImplementedError


@app.put("/pets/<pet_id>", openapi_extensions=lambda_proxy())
def update_pet(pet_id: Annotated[int, Path(ge=1)], pet: PetIn) -> Pet:
    return Pet(id=pet_id, **pet.model_dump())


@app.delete("/pets/<pet_id>", openapi_extensions=lambda_proxy())
def delete_pet(pet_id: Annotated[int, Path(ge=1)]) -> None:
    return None


def openapi():
    """The document `get_openapi_json_schema` writes (what the Swagger UI route serves)."""
    return json.loads(app.get_openapi_json_schema(title="pets-powertools", version="1.0.0"))
