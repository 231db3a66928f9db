"""The framework as a 1EdTech CASE package (CFDocument, CFItems, CFAssociations).

Identifiers are stable: uuid5 of the item's code in a namespace derived from the framework code,
so the same data always exports the same identifiers. URIs are URNs (`urn:ndrc:<framework>:<code>`)
since the project publishes no CASE server.
"""

import uuid
from typing import Any

from ndrc.regulation.framework import Framework

ITEM_TYPES = {
    "activity_area": "Pôle d'activités",
    "activity": "Activité",
    "skill_block": "Bloc de compétences",
    "competence": "Compétence",
    "sub_competence": "Sous-compétence",
    "performance_criterion": "Critère de performance",
    "knowledge": "Savoir associé",
    "unit": "Unité",
}


class _Package:
    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:ndrc:{framework.code}")
        # The version date of the data; CASE wants a date-time.
        self.changed = f"{framework.text_date or '1970-01-01'}T00:00:00+00:00"
        self.document = {
            "identifier": self.identifier("CFDocument"),
            "uri": self.uri("CFDocument"),
            "title": framework.title,
        }
        self.items: list[dict[str, Any]] = []
        self.associations: list[dict[str, Any]] = []
        self.nodes: dict[str, dict[str, str]] = {}
        self.children: dict[str, int] = {}  # sequence numbers of the children of each node

    def identifier(self, code: str) -> str:
        return str(uuid.uuid5(self.namespace, code))

    def uri(self, code: str) -> str:
        return f"urn:ndrc:{self.framework.code}:{code}"

    def item(self, kind: str, code: str, statement: str, parent: str | None, **extra: Any) -> None:
        self.items.append(
            {
                "identifier": self.identifier(code),
                "uri": self.uri(code),
                "fullStatement": statement,
                "humanCodingScheme": code,
                "CFItemType": ITEM_TYPES[kind],
                "CFItemTypeURI": self.type_node(kind),
                "CFDocumentURI": self.document,
                "language": "fr",
                "lastChangeDateTime": self.changed,
                **extra,
            }
        )
        self.nodes[code] = {
            "title": statement,
            "identifier": self.identifier(code),
            "uri": self.uri(code),
        }
        sequence = self.children[parent or ""] = self.children.get(parent or "", 0) + 1
        self.associate(code, "isChildOf", parent, sequence=sequence)

    def associate(
        self, origin: str, kind: str, destination: str | None, sequence: int | None = None
    ) -> None:
        target = self.nodes[destination] if destination else self.document
        key = f"{origin}|{kind}|{destination or 'CFDocument'}"
        association = {
            "identifier": self.identifier(key),
            "uri": self.uri(key),
            "associationType": kind,
            "originNodeURI": self.nodes[origin],
            "destinationNodeURI": target,
            "CFDocumentURI": self.document,
            "lastChangeDateTime": self.changed,
        }
        if sequence is not None:
            association["sequenceNumber"] = sequence
        self.associations.append(association)

    def type_node(self, kind: str) -> dict[str, str]:
        code = f"type:{kind}"
        return {
            "title": ITEM_TYPES[kind],
            "identifier": self.identifier(code),
            "uri": self.uri(code),
        }

    def as_dict(self) -> dict[str, Any]:
        framework = self.framework
        return {
            "CFDocument": {
                **self.document,
                "creator": "ndrc",
                "frameworkType": "référentiel de diplôme",
                "subject": ["Négociation et digitalisation de la relation client"],
                "notes": framework.text,
                "humanCodingScheme": framework.rncp or framework.code,
                "adoptionStatus": "Adopted",
                "language": "fr",
                "version": framework.code,
                "lastChangeDateTime": self.changed,
            },
            "CFItems": self.items,
            "CFAssociations": self.associations,
            "CFDefinitions": {
                "CFItemTypes": [
                    {
                        "identifier": self.identifier(f"type:{kind}"),
                        "uri": self.uri(f"type:{kind}"),
                        "title": title,
                        "description": title,
                        "typeCode": kind,
                        "hierarchyCode": str(index),
                        "lastChangeDateTime": self.changed,
                    }
                    for index, (kind, title) in enumerate(ITEM_TYPES.items(), start=1)
                ]
            },
        }


def case_package(framework: Framework) -> dict[str, Any]:
    """Export the framework as a CASE package: pôles and activities, blocs down to critères and
    savoirs associés, and units; `isChildOf` for the hierarchy, `isRelatedTo` from a pôle to its
    bloc and from a bloc to its unit."""
    package = _Package(framework)
    for unit in framework.units.values():
        package.item("unit", unit.code, unit.title, None)
    for block in framework.skill_blocks.values():
        package.item("skill_block", block.code, block.title, None)
        package.associate(block.code, "isRelatedTo", block.unit)
        for competence in block.competences:
            package.item("competence", competence.code, competence.title, block.code)
            for sub in competence.sub_competences:
                package.item("sub_competence", sub.code, sub.title, competence.code)
                for criterion in sub.performance_criteria:
                    package.item("performance_criterion", criterion.code, criterion.text, sub.code)
        for knowledge in block.associated_knowledge:
            package.item(
                "knowledge",
                knowledge.code,
                knowledge.text,
                block.code,
                conceptKeywords=[knowledge.domain],
            )
    for area in framework.activity_areas.values():
        package.item("activity_area", area.code, area.title, None)
        package.associate(area.code, "isRelatedTo", area.skill_block)
        for activity in area.activities:
            package.item("activity", activity.code, activity.title, area.code)
    return package.as_dict()
