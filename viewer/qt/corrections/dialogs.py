"""Small dialogs that collect one correction each.

Every dialog validates what was typed, then hands plain values to its ``save`` callable.
A save that fails (the store could not write, a value the core rejects) shows the message
inside the dialog and leaves it open with the user's input, so nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.entities import COMMITMENT_KINDS
from viewer.userdata import StoreError

Values = dict[str, Any]
SaveFn = Callable[[Values], object]

GRAINS: tuple[str, ...] = ("day", "week", "month", "quarter", "half", "year", "decade")
# The value forms the core stores (see viewer.entities.DateRef.value).
_VALUE_FORMS = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-H[12]|-Q[1-4]|-W\d{2})?$")
_GRAIN_OF = {10: "day", 7: "month", 4: "year"}


def publication_date_error(text: str) -> str | None:
    """Why ``text`` is not a full date, a month or a year (None when it is one)."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return "Type the date as YYYY-MM-DD, YYYY-MM or YYYY (for example 2024-02-16, 2024-02 or 2024)."
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return f"{text} is not a date on the calendar."
    return None


def date_value_error(value: str, grain: str) -> str | None:
    """Why a date mention's value does not fit (empty means 'unresolved', which is allowed)."""
    if not value:
        return None
    if not _VALUE_FORMS.match(value):
        return ("Type the value as YYYY-MM-DD, YYYY-MM, YYYY, YYYY-H1, YYYY-Q3 or YYYY-W07, "
                "or leave it empty if the date cannot be worked out.")
    if len(value) in (4, 7, 10) and "-H" not in value and "-Q" not in value and "-W" not in value:
        problem = publication_date_error(value)
        if problem:
            return problem
        expected = _GRAIN_OF[len(value)]
        if grain in ("day", "month", "year") and grain != expected:
            return f"{value} is a {expected}; choose the grain '{expected}' or change the value."
    return None


class CorrectionDialog(QDialog):
    """A form with Save/Cancel and an error line; subclasses add fields and ``values()``."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, save: SaveFn,
                 save_text: str = "Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("correctionDialog")
        self._save = save
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro, self)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)  # quotes come from imported files
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("correctionError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def values(self) -> Values:
        raise NotImplementedError  # each dialog defines its fields

    def problem(self, values: Values) -> str | None:
        """A message when the values cannot be saved as they are."""
        return None

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def try_save(self) -> bool:
        values = self.values()
        problem = self.problem(values)
        if problem:
            self.show_error(problem)
            return False
        return self._run(lambda: self._save(values))

    def _run(self, step: Callable[[], object]) -> bool:
        try:
            step()
        except (StoreError, ValueError, KeyError) as exc:
            self.show_error(f"Not saved: {exc}")
            return False
        self.accept()
        return True


class PublicationDateDialog(CorrectionDialog):
    """The release's publication date: a full date, a month or a year, or the file's own."""

    def __init__(self, parent: QWidget | None, current: str | None, file_date: str | None,
                 user_set: bool, save: SaveFn, restore: Callable[[], object]) -> None:
        stated = f"The file states {file_date}." if file_date else "The file states no date."
        super().__init__(parent, "Publication date",
                         f"{stated} Type the date this release was published: a full date, "
                         "a month or a year. Relative dates in the text ('last year') follow it.", save)
        self.edit = QLineEdit(current or "", self)
        self.edit.setObjectName("publicationDate")
        self.edit.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY")
        self.form.addRow("&Date:", self.edit)
        self.restore_button = QPushButton("&Restore the file's date", self)
        self.restore_button.setObjectName("restoreDate")
        self.restore_button.setEnabled(user_set)
        self.restore_button.setToolTip("Forget the date you set (Ctrl+Z brings it back)")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.restore_button.clicked.connect(lambda: self._run(restore))

    def values(self) -> Values:
        return {"date": self.edit.text().strip()}

    def problem(self, values: Values) -> str | None:
        if not values["date"]:
            return "Type a date, or use “Restore the file's date” to go back to the file's own."
        return publication_date_error(values["date"])


class DateDialog(CorrectionDialog):
    """A date mention's normalized value and grain (relabel, or mark a selection as a date)."""

    def __init__(self, parent: QWidget | None, title: str, text: str, value: str | None,
                 grain: str | None, save: SaveFn) -> None:
        super().__init__(parent, title, f"In the text: “{text}”", save)
        self.value_edit = QLineEdit(value or "", self)
        self.value_edit.setObjectName("dateValue")
        self.value_edit.setPlaceholderText("e.g. 2024-02-16, 2024-02, 2024, 2024-H2, 2024-Q3")
        self.grain_combo = QComboBox(self)
        self.grain_combo.setObjectName("dateGrain")
        self.grain_combo.addItems(GRAINS)
        self.grain_combo.setCurrentText(grain or "day")
        self.form.addRow("&Value:", self.value_edit)
        self.form.addRow("&Grain:", self.grain_combo)
        self.value_edit.textEdited.connect(self._guess_grain)

    def _guess_grain(self, text: str) -> None:
        value = text.strip()
        marked = re.match(r"^\d{4}-([HQW])", value)
        grain = {"H": "half", "Q": "quarter", "W": "week"}[marked[1]] if marked else _GRAIN_OF.get(len(value))
        if grain:
            self.grain_combo.setCurrentText(grain)

    def values(self) -> Values:
        value = self.value_edit.text().strip()
        return {"value": value or None, "grain": self.grain_combo.currentText() if value else None}

    def problem(self, values: Values) -> str | None:
        return date_value_error(values["value"] or "", self.grain_combo.currentText())


class CommitmentDialog(CorrectionDialog):
    """A commitment's kind and actor."""

    def __init__(self, parent: QWidget | None, title: str, text: str, kind: str, actor: str,
                 save: SaveFn) -> None:
        super().__init__(parent, title, f"In the text: “{text}”", save)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("commitmentKind")
        self.kind_combo.addItems(COMMITMENT_KINDS)
        self.kind_combo.setCurrentText(kind)
        self.actor_edit = QLineEdit(actor, self)
        self.actor_edit.setObjectName("commitmentActor")
        self.actor_edit.setPlaceholderText("Who committed, e.g. the Republic of Korea")
        self.form.addRow("&Kind:", self.kind_combo)
        self.form.addRow("&Actor:", self.actor_edit)

    def values(self) -> Values:
        return {"commitment_kind": self.kind_combo.currentText(), "actor": self.actor_edit.text().strip()}

    def problem(self, values: Values) -> str | None:
        return None if values["actor"] else "Name who made the commitment."


class PersonDialog(CorrectionDialog):
    """A person's name and roles (roles separated by semicolons)."""

    def __init__(self, parent: QWidget | None, title: str, text: str, name: str,
                 roles: Sequence[str], save: SaveFn) -> None:
        super().__init__(parent, title, f"In the text: “{text}”", save)
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setObjectName("personName")
        self.roles_edit = QLineEdit("; ".join(roles), self)
        self.roles_edit.setObjectName("personRoles")
        self.roles_edit.setPlaceholderText("e.g. Special Envoy for North Korean Human Rights Issues")
        self.form.addRow("&Name:", self.name_edit)
        self.form.addRow("&Roles:", self.roles_edit)
        self.form.addRow("", QLabel("Separate several roles with “;”.", self))

    def values(self) -> Values:
        roles = [r.strip() for r in self.roles_edit.text().split(";") if r.strip()]
        return {"name": " ".join(self.name_edit.text().split()), "roles": roles}

    def problem(self, values: Values) -> str | None:
        return None if values["name"] else "Type the person's name."


class MergeDialog(CorrectionDialog):
    """Pick the people of this release who are the same person, and the name to keep."""

    def __init__(self, parent: QWidget | None, person: tuple[str, str],
                 others: Sequence[tuple[str, str]], save: SaveFn) -> None:
        key, name = person
        super().__init__(parent, "Merge people",
                         f"Which of these are the same person as {name}?", save, "Merge")
        self._key = key
        self.people_list = QListWidget(self)
        self.people_list.setObjectName("mergeCandidates")
        for other_key, other_name in others:
            item = QListWidgetItem(other_name, self.people_list)
            item.setData(Qt.ItemDataRole.UserRole, other_key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.name_combo = QComboBox(self)
        self.name_combo.setObjectName("mergeName")
        self.name_combo.setEditable(True)
        self.name_combo.addItems([name, *(n for _k, n in others)])
        self.everywhere = QCheckBox("&Everywhere: the same person in every release", self)
        self.everywhere.setObjectName("mergeEverywhere")
        self.everywhere.setToolTip("Also remember the names so later imports recognise this person")
        _fit_rows(self.people_list)
        self.form.addRow(self.people_list)
        self.form.addRow("&Keep the name:", self.name_combo)
        self.form.addRow(self.everywhere)

    def values(self) -> Values:
        keys = [self._key]
        for i in range(self.people_list.count()):
            item = self.people_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                keys.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return {"keys": keys, "name": " ".join(self.name_combo.currentText().split()),
                "everywhere": self.everywhere.isChecked()}

    def problem(self, values: Values) -> str | None:
        if len(values["keys"]) < 2:
            return "Tick at least one person to merge with."
        return None if values["name"] else "Type the name to keep."


class SplitDialog(CorrectionDialog):
    """Pick the names of a person's mentions that belong to someone else."""

    def __init__(self, parent: QWidget | None, name: str, forms: Sequence[str], save: SaveFn) -> None:
        super().__init__(parent, "Split person",
                         f"Which of the names found for {name} are a different person?", save, "Split")
        self.forms_list = QListWidget(self)
        self.forms_list.setObjectName("splitForms")
        for form in forms:
            item = QListWidgetItem(form, self.forms_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("splitName")
        self.name_edit.setPlaceholderText("The other person's name (default: the first ticked)")
        _fit_rows(self.forms_list)
        self.form.addRow(self.forms_list)
        self.form.addRow("&Their name:", self.name_edit)

    def values(self) -> Values:
        forms = [self.forms_list.item(i).text() for i in range(self.forms_list.count())
                 if self.forms_list.item(i).checkState() == Qt.CheckState.Checked]
        name = " ".join(self.name_edit.text().split()) or (forms[0] if forms else "")
        return {"mentions": forms, "name": name}

    def problem(self, values: Values) -> str | None:
        if not values["mentions"]:
            return "Tick the names that belong to the other person."
        if len(values["mentions"]) == self.forms_list.count():
            return "Leave at least one name with this person (to rename them, use Relabel)."
        return None


def _fit_rows(view: QListWidget, most: int = 10) -> None:
    """As tall as its rows (up to ``most``, then it scrolls): a short list in a tall box reads as empty."""
    rows = max(1, min(most, view.count()))
    view.setMaximumHeight(view.sizeHintForRow(0) * rows + 2 * view.frameWidth() + 4)
