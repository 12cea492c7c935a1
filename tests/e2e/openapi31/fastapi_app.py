"""A FastAPI app whose OpenAPI 3.1 document gatewright must convert.

Pydantic v2 writes Optional as `anyOf [T, null]`, Literal as `const`, gt/lt as numeric
`exclusiveMinimum`/`exclusiveMaximum`, and `examples` lists. The integration is added with
FastAPI's per-operation hook, `openapi_extra`.
"""

from enum import Enum
from typing import List, Literal, Optional

from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

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


app = FastAPI(title="pets-fastapi", version="1.0.0")


@app.get("/pets", response_model=List[Pet], openapi_extra=http_proxy("GET", "/pets"))
def list_pets(
    limit: int = Query(10, gt=0, lt=101),
    status: Optional[Status] = None,
    name: Optional[str] = Query(None, examples=["Rex"]),
):
    return []


@app.post("/pets", response_model=Pet, status_code=201, openapi_extra=http_proxy("POST", "/pets"))
def create_pet(pet: PetIn):
    return Pet(id=1, **pet.model_dump())


@app.get("/pets/{pet_id}", response_model=Pet, openapi_extra=lambda_proxy())
def get_pet(pet_id: int):
    return None


@app.put("/pets/{pet_id}", response_model=Pet, openapi_extra=lambda_proxy())
def update_pet(pet_id: int, pet: PetIn):
    return Pet(id=pet_id, **pet.model_dump())


@app.delete("/pets/{pet_id}", status_code=204, openapi_extra=lambda_proxy())
def delete_pet(pet_id: int):
    return None


def openapi():
    """The document FastAPI serves at /openapi.json."""
    return app.openapi()
