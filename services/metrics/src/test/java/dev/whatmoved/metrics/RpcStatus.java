package dev.whatmoved.metrics;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;

/**
 * Reads an OTLP/HTTP error body as a Collector does: a {@code google.rpc.Status} message, the schema of
 * {@code google/rpc/status.proto} ({@code int32 code = 1; string message = 2; repeated google.protobuf.Any details =
 * 3;}), decoded from protobuf or, strictly (no unknown field), from its JSON mapping.
 */
record RpcStatus(int code, String message) {

    private static final Descriptors.Descriptor STATUS = descriptor();

    static RpcStatus protobuf(byte[] body) throws InvalidProtocolBufferException {
        return of(DynamicMessage.parseFrom(STATUS, body));
    }

    static RpcStatus json(byte[] body) throws InvalidProtocolBufferException {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(STATUS);
        JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), builder);
        return of(builder.build());
    }

    /** By the answer's Content-Type: protobuf or JSON; anything else is not an OTLP error body. */
    static RpcStatus of(String contentType, byte[] body) throws InvalidProtocolBufferException {
        if (contentType != null && contentType.startsWith("application/x-protobuf")) {
            return protobuf(body);
        }
        if (contentType != null && contentType.startsWith("application/json")) {
            return json(body);
        }
        throw new InvalidProtocolBufferException("not an OTLP error body: Content-Type " + contentType);
    }

    private static RpcStatus of(DynamicMessage message) throws InvalidProtocolBufferException {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new InvalidProtocolBufferException("fields that google.rpc.Status does not have");
        }
        return new RpcStatus((Integer) message.getField(STATUS.findFieldByName("code")), (String)
                message.getField(STATUS.findFieldByName("message")));
    }

    private static Descriptors.Descriptor descriptor() {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("google/rpc/status.proto")
                .setPackage("google.rpc")
                .setSyntax("proto3")
                .addDependency("google/protobuf/any.proto")
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Status")
                        .addField(field("code", 1, FieldDescriptorProto.Type.TYPE_INT32, null))
                        .addField(field("message", 2, FieldDescriptorProto.Type.TYPE_STRING, null))
                        .addField(
                                field("details", 3, FieldDescriptorProto.Type.TYPE_MESSAGE, ".google.protobuf.Any")
                                        .toBuilder()
                                        .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)))
                .build();
        try {
            return Descriptors.FileDescriptor.buildFrom(
                            file, new Descriptors.FileDescriptor[] {AnyProto.getDescriptor()})
                    .findMessageTypeByName("Status");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto field(
            String name, int number, FieldDescriptorProto.Type type, String typeName) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
                .setName(name)
                .setJsonName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        if (typeName != null) {
            field.setTypeName(typeName);
        }
        return field.build();
    }
}
