"""Admin forms for opportunities, lots and awards.

Buyers type CPV codes rather than pick them from a list of thousands; codes we do not know are refused
next to the field. Cross-field rules (dates in order, values that add up, one reference per buyer) live
in `OpportunityPageForm.clean` so the admin shows each message beside the field it is about and keeps
everything the buyer typed.
"""

import re

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.staticfiles import versioned_static

from portal import clock
from portal.buyers import BuyerKind
from portal.formatting import gbp, uk_datetime
from portal.models import CPVCode

from . import procurement_act as act

CODE_SEPARATORS = re.compile(r"[\s,;]+")
CODE_PATTERN = re.compile(r"^(\d{8})(?:-(\d))?$")
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


def parse_cpv_codes(text):
    """Split typed CPV codes ("72000000-5, 48000000") into 8-digit codes.

    Returns (codes, malformed, check_digits): check_digits maps a code to the check digit typed with it.
    """
    codes, malformed, check_digits = [], [], {}
    for token in CODE_SEPARATORS.split(text or ""):
        if not token:
            continue
        match = CODE_PATTERN.match(token)
        if match:
            if match.group(1) not in codes:
                codes.append(match.group(1))
            if match.group(2):
                check_digits[match.group(1)] = match.group(2)
        else:
            malformed.append(token)
    return codes, malformed, check_digits


class CPVCodesInput(forms.TextInput):
    """A text box for CPV codes with a "Find CPV codes" button beside it that opens the CPV chooser."""

    def __init__(self, *, multiple=True, attrs=None):
        self.multiple = multiple
        super().__init__(attrs={"class": "cpv-codes-input", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        from .choosers import chooser_url

        box = super().render(name, value, attrs, renderer)
        button = render_to_string(
            "opportunities/widgets/cpv_chooser_link.html",
            {
                "chooser_url": chooser_url(),
                "list_url": reverse("wagtailsnippets_portal_cpvcode:list"),
                "multiple": self.multiple,
                "input_id": (attrs or {}).get("id", f"id_{name}"),
            },
        )
        return mark_safe(box + button)  # noqa: S308 (both parts are escaped by their templates)

    @property
    def media(self):
        return forms.Media(js=[versioned_static("wagtailadmin/js/chooser-modal.js"), "opportunities/js/cpv-chooser.js"])


class CPVCodesField(forms.Field):
    """CPV codes typed as text, separated by commas. Cleans to a list of CPVCode objects."""

    default_help_text = (
        "Type 8-digit CPV codes separated by commas, like 55520000, 90910000-9, or use Find CPV codes "
        "to search by word."
    )

    def __init__(self, *, multiple=True, **kwargs):
        self.multiple = multiple
        kwargs.setdefault(
            "help_text",
            self.default_help_text
            if multiple
            else "One 8-digit CPV code, like 55520000, or use Find a CPV code to search by word.",
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", CPVCodesInput(multiple=multiple))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """Show stored codes (objects or primary keys, as the model form gives them) as typed text."""
        if value in (None, ""):
            return ""
        if isinstance(value, str):
            return value
        items = list(value) if isinstance(value, (list, tuple, set)) or hasattr(value, "__iter__") else [value]
        objects = [item for item in items if isinstance(item, CPVCode)]
        keys = [item for item in items if not isinstance(item, CPVCode)]
        if keys:
            objects += list(CPVCode.objects.filter(pk__in=keys))
        return ", ".join(code.display_code for code in objects)

    def to_python(self, value):
        codes, malformed, check_digits = parse_cpv_codes(value)
        if malformed:
            raise forms.ValidationError(
                "These are not CPV codes: %(tokens)s. A CPV code is 8 digits, like 90910000.",
                params={"tokens": ", ".join(malformed)},
                code="malformed",
            )
        if not self.multiple and len(codes) > 1:
            raise forms.ValidationError("Give one main CPV code. Put the others under additional CPV codes.")
        found = {code.code: code for code in CPVCode.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                "We do not recognise these CPV codes: %(codes)s. Use Find CPV codes to search for the right one.",
                params={"codes": ", ".join(unknown)},
                code="unknown",
            )
        objects = [found[code] for code in codes]
        self.check_check_digits(objects, check_digits)
        if self.multiple:
            return objects
        return objects[0] if objects else None

    def check_check_digits(self, objects, check_digits):
        """A check digit typed with a code must be the official one: a wrong one means a mistyped code."""
        wrong = [
            f"{code.code}-{check_digits[code.code]} (did you mean {code.display_code}, {code.label}?)"
            for code in objects
            if code.check_digit and check_digits.get(code.code, code.check_digit) != code.check_digit
        ]
        if wrong:
            raise forms.ValidationError(
                "The check digit after the dash does not match the code: %(codes)s. Check the code, or leave "
                "out the dash and check digit.",
                params={"codes": "; ".join(wrong)},
                code="check_digit",
            )

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != (data or "")


# Many-valued choices are tick boxes that say how to use them: a multi-select list needs Ctrl or Cmd
# to pick more than one, which buyers did not know, and lost earlier choices with a plain click.
TICK_BOXES = {
    "locations": "Tick every place where the work is done. Leave them all empty if it can be done anywhere.",
    "social_value_themes": "Tick each kind of good the contract should do for the area. You can tick more than one.",
}


def use_tick_boxes(form):
    for name, help_text in TICK_BOXES.items():
        field = form.fields.get(name)
        if field is not None:
            field.widget = forms.CheckboxSelectMultiple()
            field.widget.choices = field.choices
            field.help_text = help_text


class LotForm(WagtailAdminModelForm):
    """One lot inside the opportunity editor."""

    cpv_codes = CPVCodesField(label="CPV codes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_tick_boxes(self)

    def clean(self):
        cleaned_data = super().clean()
        low, high = cleaned_data.get("value_min"), cleaned_data.get("value_max")
        if low is not None and high is not None and low > high:
            self.add_error("value_min", "The lowest value must not be more than the highest value.")
        if cleaned_data.get("reserved") == "local" and not cleaned_data.get("reserved_area"):
            self.add_error("reserved_area", "Choose the local area this lot is reserved for.")
        check_vat(self, cleaned_data, "value_min", "value_min_inc_vat", "lowest value")
        check_vat(self, cleaned_data, "value_max", "value_max_inc_vat", "highest value")
        reserved = cleaned_data.get("reserved")
        if cleaned_data.get("suitable_for_sme") and not act.suitable_for_sme(True, reserved):
            who = act.Reservation(reserved).label.split(" (")[0].replace("Reserved for ", "")
            self.add_error(
                "suitable_for_sme",
                f"This lot is reserved for {who}, so not every small business can bid for it. Untick "
                "suitable for SMEs, or change who the lot is reserved for.",
            )
        return cleaned_data


def check_vat(form, data, excluding, including, words):
    """A value including VAT is never less than the same value without it."""
    low, high = data.get(excluding), data.get(including)
    if low is not None and high is not None and high < low:
        form.add_error(including, f"The {words} including VAT must not be less than the {words} excluding VAT.")


class NoticeForm(WagtailAdminModelForm):
    """One notice the buyer published on the Central Digital Platform."""

    def clean(self):
        cleaned_data = super().clean()
        published, ends = cleaned_data.get("published"), cleaned_data.get("standstill_end")
        if ends and cleaned_data.get("notice_type") != act.NoticeType.UK6:
            self.add_error("standstill_end", "Only a UK6 contract award notice has a standstill period.")
        elif ends and published and act.working_days_between(published, ends) < act.STANDSTILL_WORKING_DAYS:
            self.add_error(
                "standstill_end",
                f"The standstill period lasts at least {act.STANDSTILL_WORKING_DAYS} working days after the "
                "contract award notice. Check the date the platform gave.",
            )
        return cleaned_data


class OpportunityPageForm(WagtailAdminPageForm):
    """The opportunity editor: checks dates, values, references and lots together."""

    main_cpv = CPVCodesField(multiple=False, label="Main CPV code")
    additional_cpv = CPVCodesField(label="Additional CPV codes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_tick_boxes(self)

    def clean(self):
        cleaned_data = super().clean()
        self.check_dates(cleaned_data)
        self.check_values(cleaned_data)
        self.check_reference(cleaned_data)
        self.check_lots(cleaned_data)
        self.check_procurement_act(cleaned_data)
        return cleaned_data

    @property
    def is_publishing(self):
        """Whether the buyer pressed Publish or Submit for moderation (not Save draft)."""
        return any(action in self.data for action in PUBLISHING_ACTIONS)

    def check_dates(self, data):
        """Deadlines come after publication; an open opportunity cannot go out already closed."""
        published = data.get("published_date")
        clarification = data.get("clarification_deadline")
        deadline = data.get("submission_deadline")
        if deadline and clarification and deadline < clarification:
            self.add_error("submission_deadline", "The closing date for bids must be after the deadline for questions.")
        if deadline and published and deadline < published:
            self.add_error("submission_deadline", "The closing date for bids must be after the publication date.")
        if clarification and published and clarification < published:
            self.add_error("clarification_deadline", "The deadline for questions must be after the publication date.")
        start, end = data.get("contract_start"), data.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", "The contract must end after it starts.")
        if data.get("stage") == "open" and self.is_publishing:
            if not deadline:
                self.add_error("submission_deadline", "Give a closing date for bids before you publish it as open.")
            elif deadline <= clock.now():
                self.add_error(
                    "submission_deadline",
                    f"The closing date ({uk_datetime(deadline)}) has passed. Move it later, or change the stage "
                    "to Evaluation before you publish.",
                )

    def check_values(self, data):
        low, high = data.get("value_min"), data.get("value_max")
        if low is not None and high is not None and low > high:
            self.add_error("value_min", "The lowest total value must not be more than the highest total value.")

    def check_reference(self, data):
        """One reference per buyer: suppliers quote it when they ask questions."""
        reference = (data.get("reference") or "").strip()
        if not reference or self.parent_page is None:
            return
        clash = type(self.instance).objects.filter(buyer_id=self.parent_page.pk, reference__iexact=reference)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("reference", f"This organisation already has an opportunity with reference {reference}.")

    def kept_lot_forms(self):
        """Lot forms the buyer is not deleting (valid or not)."""
        formset = self.formsets["lots"]
        formset.is_valid()  # cleans each lot form once; the results are cached
        return [form for form in formset.forms if not formset._should_delete_form(form)]

    def check_lots(self, data):
        """Lot numbers are unique, lot values fit in the total, a single lot needs a reason."""
        kept = self.kept_lot_forms()
        lots = [form for form in kept if getattr(form, "cleaned_data", None)]
        seen = set()
        for form in kept:
            # Read the typed number: the formset's own uniqueness check has already dropped it from
            # cleaned_data, with a message that does not say which field is wrong.
            number = (form.data.get(form.add_prefix("number")) or "").strip()
            if number and number in seen:
                form.add_error("number", f"Another lot already has number {number}. Give each lot its own number.")
            seen.add(number)

        highest = data.get("value_max")
        lot_total = sum(form.cleaned_data.get("value_max") or 0 for form in lots)
        # A negative total gets the model's own "£0 or more" message instead (checked after this one).
        if highest is not None and highest >= 0 and lot_total > highest:
            self.add_error(
                "value_max",
                f"The lots' highest values add up to {gbp(lot_total)}, more than the highest total value "
                f"of {gbp(highest)}. Raise the total or lower the lot values.",
            )
        # Asked for on publishing only: a draft (and Wagtail's autosave) may come before the reason is written.
        if self.is_publishing and len(kept) == 1 and not (data.get("no_lots_reason") or "").strip():
            self.add_error(
                "no_lots_reason",
                "Say why the contract is not divided into lots. Smaller lots help small firms to bid.",
            )

    # The Procurement Act 2023 (rules in opportunities.procurement_act).

    def kept_notice_forms(self):
        formset = self.formsets.get("notices")
        if formset is None:
            return []
        formset.is_valid()
        return [
            form
            for form in formset.forms
            if not formset._should_delete_form(form) and getattr(form, "cleaned_data", None)
        ]

    def buyer_kind(self):
        parent = getattr(self.parent_page, "specific", None)
        return getattr(parent, "buyer_kind", None) or BuyerKind.SUB_CENTRAL

    def regime(self, data, notices):
        """The regime the typed values give, worked out as the saved page will (OpportunityPage.work_out_regime)."""
        days = [form.cleaned_data["published"] for form in notices if form.cleaned_data.get("published")]
        if data.get("published_date"):
            days.append(timezone.localdate(data["published_date"]))
        began = min(days) if days else clock.today()
        value = data.get("value_max_inc_vat")
        if value is None:
            value = data.get("value_max")
        thresholds = act.thresholds_on(began, self.buyer_kind())
        regime = act.regime_for(
            value,
            thresholds,
            category=data.get("category"),
            light_touch=bool(data.get("light_touch")),
            exempt=bool(data.get("exempt")),
        )
        return regime, began

    def check_procurement_act(self, data):
        """What the Act forbids, refused beside the field it is about."""
        notices = self.kept_notice_forms()
        procedure, stage = data.get("procedure"), data.get("stage")
        regime, began = self.regime(data, notices)
        notice_types = [form.cleaned_data.get("notice_type") for form in notices]
        self.check_legacy(procedure, began, notices)
        notice_stage = act.stage_from_notices(notice_types)
        if stage and not act.stage_agrees_with_notices(stage, notice_stage):
            self.add_error(
                "stage",
                f"Your notices say this procurement is at the stage \u201c{act.Stage(notice_stage).label}\u201d. "
                "Choose that stage, or record the notice that moved it on.",
            )
        for form in self.kept_lot_forms():
            refusal = act.reservation_refusal(getattr(form, "cleaned_data", {}).get("reserved"), regime)
            if refusal:
                form.add_error("reserved", refusal)
        self.check_procedure_fits_regime(procedure, regime)
        if data.get("value_max") is not None and data.get("value_max_inc_vat") is None and self.is_publishing:
            self.add_error(
                "value_max_inc_vat",
                "Give the highest total value including VAT. The Procurement Act's thresholds include VAT, so "
                "this figure decides which rules apply.",
            )
        check_vat(self, data, "value_min", "value_min_inc_vat", "lowest total value")
        check_vat(self, data, "value_max", "value_max_inc_vat", "highest total value")
        if not self.is_publishing:
            return
        if procedure == act.Procedure.DIRECT_AWARD and not (data.get("direct_award_justification") or "").strip():
            self.add_error(
                "direct_award_justification",
                "Say why you are awarding this contract directly, and which ground in Schedule 5 of the "
                "Procurement Act allows it. Suppliers can see this.",
            )
        opening = act.OPENING_NOTICES.get(procedure)
        notified = stage not in (None, "", act.Stage.PIPELINE, act.Stage.MARKET_ENGAGEMENT)
        if opening and notified and regime in act.NOTIFIABLE_REGIMES and opening not in notice_types:
            self.add_error(
                None,
                f"This procurement must be on the Central Digital Platform before you publish it here. Record its "
                f"{act.NoticeType(opening).label} with the notice identifier the platform gave it, under Notices.",
            )

    def check_legacy(self, procedure, began, notices):
        """2015 Regulations procedures and notices only for procurements begun before the Act."""
        legacy = act.is_legacy(procedure)
        if legacy and began >= act.ACT_COMMENCEMENT:
            self.add_error(
                "procedure",
                "The 2015 Regulations only cover procurements begun before 24 February 2025. Choose one of the "
                "Procurement Act's procedures, or record the notice that began this procurement under Notices.",
            )
        for form in notices:
            notice_type = form.cleaned_data.get("notice_type")
            if procedure and notice_type and (notice_type in act.LEGACY_NOTICE_TYPES) != legacy:
                form.add_error(
                    "notice_type",
                    "A procurement keeps the notices of the rules it began under: UK notices under the "
                    "Procurement Act, F notices under the 2015 Regulations. Check the procedure and this notice.",
                )

    def check_procedure_fits_regime(self, procedure, regime):
        if procedure == act.Procedure.BELOW_THRESHOLD_OPEN and regime in act.ABOVE_THRESHOLD_REGIMES:
            self.add_error(
                "procedure",
                "This contract is above the threshold, so it cannot use the below-threshold open competition. "
                "Choose the open procedure or the competitive flexible procedure.",
            )
        if procedure == act.Procedure.COMPETITIVE_FLEXIBLE and regime in (
            act.Regime.BELOW_THRESHOLD,
            act.Regime.BELOW_THRESHOLD_NOTIFIABLE,
        ):
            self.add_error(
                "procedure",
                "Below the threshold the Procurement Act does not let you shortlist suppliers on their "
                "suitability. Choose the below-threshold open competition.",
            )
