"""The support directory's filters: type of organisation, kind of help and area, from a GET form."""

import django_filters

from django import forms
from django.db.models import Q

from guidance.models.support import SupportProvider, SupportService
from portal.models import Location


class SupportProviderFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label="Type of organisation", choices=SupportProvider.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    service = django_filters.ModelMultipleChoiceFilter(
        label="Help with",
        field_name="services__slug",
        to_field_name="slug",
        queryset=SupportService.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    area = django_filters.ModelChoiceFilter(
        label="Your area",
        to_field_name="slug",
        queryset=Location.objects.all(),
        empty_label="Anywhere",
        method="filter_area",
    )

    class Meta:
        model = SupportProvider
        fields = ["kind", "service", "area"]

    def filter_area(self, queryset, name, location):
        """Providers covering the area itself or the whole region it sits in."""
        if location is None:
            return queryset
        covering = Q(areas=location) | Q(areas=location.region_id) if location.region_id else Q(areas=location)
        return queryset.filter(covering).distinct()

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("queryset", SupportProvider.objects.prefetch_related("services", "areas").order_by("name"))
        super().__init__(data, **kwargs)
