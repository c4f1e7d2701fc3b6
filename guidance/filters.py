"""The support directory's filters: type of organisation, kind of help and area, from a GET form."""

import django_filters
from django import forms

from guidance.models.support import SupportProvider, SupportService
from portal.models import Location


class SupportProviderFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label="Type of organisation", choices=SupportProvider.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    service = django_filters.ModelMultipleChoiceFilter(
        label="Help with",
        field_name="services",
        to_field_name="slug",
        queryset=SupportService.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    area = django_filters.ModelChoiceFilter(
        label="Your area",
        field_name="areas",
        to_field_name="slug",
        queryset=Location.objects.all(),
        empty_label="Anywhere",
        distinct=True,
    )

    class Meta:
        model = SupportProvider
        fields = ["kind", "service", "area"]

    def __init__(self, data=None, *args, **kwargs):
        queryset = SupportProvider.objects.prefetch_related("services", "areas").order_by("name")
        super().__init__(data, queryset=queryset, *args, **kwargs)
