"""People in Django admin: accounts (with their Microsoft sign-ins) and invitations."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError

from integrated_care.admin_protection import ExplainProtectionMixin

from . import services, sessions
from .forms import EMAIL_INVALID, EMAIL_TOO_LONG
from .models import ExternalIdentity, Invitation, User


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "email", "display_name"]


class AccountChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class AccountAdmin(ExplainProtectionMixin, UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    list_display = ["email", "display_name", "username", "is_staff", "is_active"]
    search_fields = ["email", "display_name", "username", "first_name", "last_name"]
    ordering = ["email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["email", "display_name", "first_name", "last_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "email",
                    "display_name",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ExternalIdentity:
            super().save_formset(request, form, formset, change)
            return
        # Unlinking a Microsoft account, or pointing a link at another, also signs out the
        # sessions the old one may have made.
        keep = request.session.session_key
        identities = formset.save(commit=False)
        for identity in formset.deleted_objects:
            sessions.external_identity_delete(identity=identity, keep_session=keep)
        changed = {id(identity): fields for identity, fields in formset.changed_objects}
        for identity in identities:
            sessions.external_identity_save(
                identity=identity, changed=changed.get(id(identity), []), keep_session=keep
            )
        formset.save_m2m()


class ExternalIdentityInline(admin.TabularInline):
    """Microsoft sign-ins linked to the account; an admin can unlink one by deleting it."""

    model = ExternalIdentity
    extra = 0
    fields = ["email", "tenant", "subject", "created_at", "last_used_at"]
    readonly_fields = ["created_at", "last_used_at"]


AccountAdmin.inlines = [*AccountAdmin.inlines, ExternalIdentityInline]


class InvitationAddForm(forms.ModelForm):
    """Invite someone from admin: the service's rules give the errors and it sends the email."""

    sender = None  # set by InvitationAdmin.get_form

    class Meta:
        model = Invitation
        fields = ["email", "partnership", "role"]
        # The invitation page's words, not Django's "Ensure this value has at most…".
        error_messages = {
            "email": {
                "required": "Enter their email address",
                "invalid": EMAIL_INVALID,
                "max_length": EMAIL_TOO_LONG,
            }
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["email"] = services.invitation_check(sender=self.sender, **cleaned)
        except PermissionDenied as refusal:
            self.add_error("partnership", ValidationError(str(refusal), code="not_allowed"))
        except ValidationError as refusal:
            field = "role" if refusal.code in {"role_not_allowed", "invalid_role"} else "email"
            self.add_error(field, refusal)
        return cleaned

    def _post_clean(self):
        # The model's own checks would ask for the token and expiry that the service sets.
        pass


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "partnership", "role", "status_label", "invited_by", "last_sent_at"]
    list_filter = ["partnership", "role"]
    search_fields = ["email"]
    actions = ["resend", "withdraw"]
    readonly_fields = [
        "email",
        "partnership",
        "role",
        "invited_by",
        "created_at",
        "last_sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "withdrawn_at",
    ]

    @admin.display(description="status")
    def status_label(self, invitation):
        return invitation.get_status_display()

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = type(
                "InvitationAddForm", (InvitationAddForm,), {"sender": request.user}
            )
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj else InvitationAddForm.Meta.fields

    def save_form(self, request, form, change):
        return services.invitation_create(
            sender=request.user,
            partnership=form.cleaned_data["partnership"],
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )

    def save_model(self, request, obj, form, change):
        """Saved by the service in ``save_form``."""

    def save_related(self, request, form, formsets, change):
        """An invitation has nothing related to save."""

    def has_change_permission(self, request, obj=None):
        # Invitations change only through their services (resend, withdraw, accept).
        return False if obj else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def _each(self, request, queryset, service, done):
        count = 0
        for invitation in queryset:
            try:
                service(sender=request.user, invitation=invitation)
                count += 1
            except ValidationError as error:
                # Its messages, not str(error), which is a Python list: "['...']".
                reason = " ".join(error.messages)
                if invitation.email not in reason:
                    reason = f"{invitation.email}: {reason}"
                self.message_user(request, reason, messages.WARNING)
            except PermissionDenied as error:
                self.message_user(request, f"{invitation.email}: {error}", messages.WARNING)
        if count:
            self.message_user(request, f"{done} {count} invitation(s).", messages.SUCCESS)

    @admin.action(description="Resend the selected invitations (with new links)")
    def resend(self, request, queryset):
        self._each(request, queryset, services.invitation_resend, "Resent")

    @admin.action(description="Withdraw the selected invitations")
    def withdraw(self, request, queryset):
        self._each(request, queryset, services.invitation_withdraw, "Withdrew")
